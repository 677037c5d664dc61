from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from frontdoor.core.forms import GovukDateField, IdempotentFormMixin

from .models import SurveyResponse


class ConcernLinkForm(forms.Form):
    reference = forms.CharField(
        label="Your reference",
        help_text="It is in the email we sent when we received your concern, for example FD-7K3M-92QX.",
        max_length=20,
        error_messages={"required": "Enter your reference"},
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="The email address you gave when you raised the concern.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class ProfessionalLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your work email address",
        help_text="We will email a link to the concerns you raised from this address in the last 12 months.",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


def _answer(label: str, error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=SurveyResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": error},
    )


class SurveyForm(forms.Form):
    easy = _answer("Was it easy to raise your concern?", "Select whether it was easy to raise your concern")
    kept_informed = _answer("Were you kept informed?", "Select whether you were kept informed")
    got_what_child_needed = _answer(
        "Do you think the child got what they needed?", "Select whether the child got what they needed"
    )
    comments = forms.CharField(
        label="Anything else you want to tell us (optional)",
        help_text="Please do not include names or details of the family.",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )


class SlotField(forms.ChoiceField):
    """Offers the open slots, but accepts any slot id: a slot taken meanwhile is the service's to explain
    (and a double submit of the same booking must reach the service to be recognised)."""

    def valid_value(self, value: str) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True


class BookingForm(IdempotentFormMixin):
    slot = SlotField(
        label="When should we call you?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a time for us to call you"},
    )
    name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    agency = forms.CharField(label="Your organisation", max_length=200, required=False)
    email = forms.EmailField(
        label="Your email address",
        help_text="We will email you to confirm the time.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    phone = forms.CharField(
        label="Phone number we should call",
        max_length=40,
        error_messages={"required": "Enter a phone number"},
    )
    topic = forms.CharField(
        label="What would you like advice about?",
        help_text="A few words, for example ‘a pupil's low mood and attendance’. Do not include names.",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Enter what you would like advice about"},
    )

    def __init__(self, *args, slots=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (str(slot.pk), f"{timezone.localtime(slot.starts_at):%A %-d %B at %H:%M} ({slot.team.name})")
            for slot in slots
        ]


class SlotsForm(forms.Form):
    day = GovukDateField(label="Day", error_messages={"required": "Enter the day"})
    times = forms.CharField(
        label="Start times",
        help_text="24-hour times separated by commas, for example 10:00, 10:30, 14:00",
        max_length=500,
        error_messages={"required": "Enter at least one start time"},
    )
    minutes = forms.IntegerField(
        label="Length of each call in minutes",
        initial=20,
        min_value=5,
        max_value=120,
        error_messages={
            "required": "Enter the length of each call",
            "min_value": "Enter a length between 5 and 120 minutes",
            "max_value": "Enter a length between 5 and 120 minutes",
            "invalid": "Enter the length as a number of minutes",
        },
    )

    def clean_times(self) -> list[tuple[int, int]]:
        parsed = []
        for part in self.cleaned_data["times"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            hours, _, minutes = part.partition(":")
            if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
                raise forms.ValidationError(f"Enter ‘{part}’ as a 24-hour time, like 14:30")
            parsed.append((int(hours), int(minutes)))
        if not parsed:
            raise forms.ValidationError("Enter at least one start time")
        return parsed
