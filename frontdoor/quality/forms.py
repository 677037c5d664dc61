from __future__ import annotations

from django import forms

from frontdoor.core.forms import GovukDateField

from .models import Grade, Judgement, Theme
from .queries import DIMENSION_LABELS


class PlanForm(forms.Form):
    size = forms.IntegerField(
        label="Cases to sample each week",
        min_value=1,
        max_value=200,
        error_messages={
            "required": "Enter how many cases to sample",
            "min_value": "Enter a sample size between 1 and 200",
            "max_value": "Enter a sample size between 1 and 200",
            "invalid": "Enter the sample size as a number",
        },
    )
    strata = forms.MultipleChoiceField(
        label="Each week's sample must include at least one case from every",
        choices=list(DIMENSION_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one thing the sample must cover"},
    )


class DrawForm(forms.Form):
    week = GovukDateField(
        label="A day in the week to sample",
        help_text="For example 30 11 2026",
        error_messages={"required": "Enter a day in the week to sample"},
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        help_text="Leave it empty to use the week's own seed. The same seed always draws the same sample.",
        required=False,
        error_messages={"invalid": "Enter the seed as a whole number"},
    )


class AuditForm(forms.Form):
    grade = forms.ChoiceField(
        label="Overall grade",
        choices=Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a grade"},
    )
    summary = forms.CharField(
        label="Summary of findings",
        widget=forms.Textarea,
        error_messages={"required": "Enter a summary of your findings"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for theme in Theme:
            self.fields[f"{theme.value}"] = forms.ChoiceField(
                label=theme.label,
                choices=Judgement.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select a finding for ‘{theme.label.lower()}’"},
            )
            self.fields[f"{theme.value}_note"] = forms.CharField(
                label=f"What you found: {theme.label.lower()} (optional)",
                required=False,
                widget=forms.Textarea,
            )

    def theme_fields(self):  # type: ignore[no-untyped-def]
        return [(self[theme.value], self[f"{theme.value}_note"]) for theme in Theme]


class ModerationForm(forms.Form):
    agree = forms.TypedChoiceField(
        label="Do you agree with the grade?",
        choices=[("yes", "Yes"), ("no", "No, it should be graded differently")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree with the grade"},
    )
    grade = forms.ChoiceField(
        label="The grade it should have", choices=[("", "Select a grade"), *Grade.choices], required=False
    )
    comment = forms.CharField(label="Your comments", widget=forms.Textarea, required=False)


class ActionForm(forms.Form):
    text = forms.CharField(
        label="What needs to happen",
        max_length=500,
        widget=forms.Textarea,
        error_messages={"required": "Enter what needs to happen"},
    )
    owner = forms.ChoiceField(label="Who owns it", error_messages={"required": "Select who owns the action"})
    due = GovukDateField(
        label="Due by", must_be_future=True, error_messages={"required": "Enter the date it is due"}
    )

    def __init__(self, *args, people=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["owner"].choices = [
            ("", "Select a person"),
            *((k, p.display_name) for k, p in self.people.items()),
        ]
