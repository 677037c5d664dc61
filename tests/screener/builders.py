"""Small screener definitions for engine tests, built as dicts so each test can break one thing."""

from __future__ import annotations

import copy
from typing import Any

import yaml

ROUTES = ("EMERGENCY", "CSC", "EARLY_HELP", "UNIVERSAL", "ADVICE")


def page(route: str) -> dict[str, Any]:
    return {
        "title": f"{route} title",
        "what_to_do": "Call the social work line on {social_work_line.phone} ({social_work_line.hours}).",
        "what_happens_next": "A social worker from {council} will look at it.\n\nThen they decide.",
        "when_you_will_hear": ["Within 1 working day."],
    }


BASE: dict[str, Any] = {
    "council": "Testshire Council",
    "version": "2026-01-01.1",
    "title": "Test screener",
    "levels_of_need": {1: "Universal", 2: "Early Help", 3: "Targeted Early Help", 4: "Specialist"},
    "contacts": {
        "social_work_line": {"phone": "01632 960001", "hours": "9am to 5pm"},
        "emergency_duty_team": {"phone": "01632 960002", "hours": "Nights and weekends"},
    },
    "questions": [
        {
            "id": "danger",
            "kind": "yes_no",
            "text": "Is the child in immediate danger?",
            "error": "Select if the child is in immediate danger",
            "not_sure": "yes",
            "next": [
                {
                    "when": {"question": "danger", "equals": "yes"},
                    "route": "EMERGENCY",
                    "reason": "In danger.",
                },
                {"goto": "area"},
            ],
        },
        {
            "id": "area",
            "kind": "radio",
            "text": "What are you most worried about?",
            "error": "Select what you are most worried about",
            "options": [
                {"value": "injury", "label": "An injury"},
                {"value": "school", "label": "School attendance"},
                {"value": "unsure", "label": "Not sure which", "treat_as": "injury"},
            ],
            "next": [
                {"when": {"question": "area", "equals": "injury"}, "goto": "dob"},
                {"route": "UNIVERSAL", "reason": "The school can help.", "level": 1},
            ],
        },
        {
            "id": "dob",
            "kind": "date",
            "text": "What is the child's date of birth?",
            "error": "Enter the child's date of birth",
            "error_name": "Date of birth",
            "must_be": "past",
            "next": [{"goto": "signs"}],
        },
        {
            "id": "signs",
            "kind": "checkboxes",
            "text": "Which of these apply?",
            "error": "Select which of these apply, or select ‘None of these’",
            "options": [
                {"value": "bruise", "label": "A bruise", "level": 4},
                {"value": "scratch", "label": "A scratch", "level": 2},
                {"value": "none", "label": "None of these", "exclusive": True},
            ],
            "next": [
                {
                    "when": {
                        "any": [
                            {"question": "signs", "level_at_least": 4},
                            {
                                "all": [
                                    {"question": "dob", "age_under_years": 1},
                                    {"not": {"question": "signs", "includes": "none"}},
                                ]
                            },
                        ]
                    },
                    "route": "CSC",
                    "reason": "A bruise, or any injury to a baby, needs a social worker.",
                    "level": 4,
                },
                {
                    "when": {"question": "signs", "includes": "scratch"},
                    "route": "EARLY_HELP",
                    "reason": "Early help can support the family.",
                    "level": 2,
                },
                {"route": "ADVICE", "reason": "Talk it through."},
            ],
        },
    ],
    "routes": {route: {"outcome": page(route)} for route in ROUTES},
}


def base() -> dict[str, Any]:
    """A fresh, valid definition (as a dict) to change."""
    return copy.deepcopy(BASE)


def question(data: dict[str, Any], question_id: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == question_id)


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
