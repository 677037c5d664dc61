"""Helpers to walk the screener and the request form with Django's test client (synthetic data only)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone


def years_ago(years: int, today: date | None = None) -> date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def dob_parts(day: date, name: str = "child_dob") -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


ROUTES: dict[str, list[tuple[str, dict[str, object]]]] = {
    "EMERGENCY": [("immediate_danger", {"immediate_danger": "yes"})],
    "LADO": [
        ("immediate_danger", {"immediate_danger": "no"}),
        ("who_is_asking", {"who_is_asking": "professional"}),
        ("about_professional", {"about_professional": "yes"}),
    ],
    "CSC": [
        ("immediate_danger", {"immediate_danger": "no"}),
        ("who_is_asking", {"who_is_asking": "professional"}),
        ("about_professional", {"about_professional": "no"}),
        ("open_case", {"open_case": "no"}),
        ("concern_area", {"concern_area": "injury"}),
        ("child_dob", dob_parts(years_ago(5))),
        ("injury_signs", {"injury_signs": ["child_says_adult", "no_explanation"]}),
    ],
    "EARLY_HELP": [
        ("immediate_danger", {"immediate_danger": "no"}),
        ("who_is_asking", {"who_is_asking": "professional"}),
        ("about_professional", {"about_professional": "no"}),
        ("open_case", {"open_case": "no"}),
        ("concern_area", {"concern_area": "behaviour"}),
        ("behaviour_signs", {"behaviour_signs": ["violent_at_home"]}),
    ],
    "UNIVERSAL": [
        ("immediate_danger", {"immediate_danger": "no"}),
        ("who_is_asking", {"who_is_asking": "professional"}),
        ("about_professional", {"about_professional": "no"}),
        ("open_case", {"open_case": "no"}),
        ("concern_area", {"concern_area": "school_attendance"}),
        ("attendance", {"attendance": "attends_well"}),
    ],
    "ADVICE": [
        ("immediate_danger", {"immediate_danger": "no"}),
        ("who_is_asking", {"who_is_asking": "professional"}),
        ("about_professional", {"about_professional": "no"}),
        ("open_case", {"open_case": "no"}),
        ("concern_area", {"concern_area": "other"}),
        ("other_level", {"other_level": "talk_it_through"}),
    ],
    "PRIVATE_FOSTERING": [
        ("immediate_danger", {"immediate_danger": "no"}),
        ("who_is_asking", {"who_is_asking": "professional"}),
        ("about_professional", {"about_professional": "no"}),
        ("open_case", {"open_case": "no"}),
        ("concern_area", {"concern_area": "private_fostering"}),
    ],
}


def answer(client, question_id: str, data: dict[str, object]):
    return client.post(reverse("screener:question", args=[question_id]), data)


def screen_to(client, route: str):
    client.get(reverse("screener:begin"))
    response = None
    for question_id, data in ROUTES[route]:
        response = answer(client, question_id, data)
        assert response.status_code == 302, (question_id, response.content.decode()[:2000])
    return response


CHILD = {
    "given_name": "Ava",
    "family_name": "Example",
    "born": "yes",
    "date_of_birth_0": "14",
    "date_of_birth_1": "3",
    "date_of_birth_2": "2019",
    "sex": "F",
    "address": "1 Example Road, Northtown, NT1 1AA",
    "school": "Testfield Primary",
    "gp": "Northtown Surgery",
    "nhs_number": "943 476 5919",
    "upn": "H801200001001",
}
PERSON = {
    "name": "Mia Example",
    "relationship": "Mother",
    "lives_with_child": "yes",
    "parental_responsibility": "yes",
}
SECTIONS: dict[str, dict[str, str]] = {
    "communication": {"first_language": "English", "interpreter": "no", "communication_needs": ""},
    "concern": {
        "what": "Ava came to school with a bruise on her cheek and said she was scared to go home.",
        "when": "This morning",
        "how_known": "Ava told her class teacher.",
        "person_causing_harm": "",
    },
    "strengths": {
        "working_well": "Ava attends school every day and has a close friend.",
        "needs_to_happen": "Someone should check Ava is safe at home.",
    },
    "safety": {
        "where_now": "At school",
        "safe_tonight": "dont_know",
        "safety_details": "She says she is scared.",
    },
    "support": {"support_given": "The school nurse has met Ava twice."},
    "referrer": {
        "name": "Rita Referrer",
        "role": "Designated safeguarding lead",
        "agency": "Testfield Primary",
        "referral_source": "2A",
        "email": "rita@school.example",
        "phone": "01632 960001",
    },
}
CSC_CONSENT = {
    "parents_know": "no",
    "parents_agree": "not_asked",
    "reason": "Telling the father could put Ava at risk.",
}
EARLY_HELP_CONSENT = {"family_consents": "yes", "consent_from": "Mia Example, mother"}


def section_url(key: str) -> str:
    return reverse("screener:section", args=[key])


def fill_request(client, *, kind: str = "csc", child: dict[str, str] | None = None):
    """Fill every page of the request up to check-your-answers; returns the last response."""
    response = client.post(reverse("screener:item", args=["children", 1]), child or CHILD)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("screener:list", args=["children"]))
    response = client.post(reverse("screener:item", args=["household", 1]), PERSON)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("screener:list", args=["household"]))
    for key in ("communication", "concern", "strengths", "safety", "support"):
        response = client.post(section_url(key), SECTIONS[key])
        assert response.status_code == 302, (key, response.content.decode()[:3000])
    consent = CSC_CONSENT if kind == "csc" else EARLY_HELP_CONSENT
    response = client.post(section_url("consent"), consent)
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(section_url("referrer"), SECTIONS["referrer"])
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == reverse("screener:check")
    return response


def submission_key(client) -> str:
    return client.session["request"]["submission_key"]


def send(client):
    return client.post(reverse("screener:check"), {"submission_key": submission_key(client)})
