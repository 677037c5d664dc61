import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from frontdoor.core.codes import Channel, ReferralSource, choices
from frontdoor.core.forms import GovukDateField, IdempotentFormMixin

from .models import Contact

# Referrers choose who they are; we record the CIN census source code behind it
_STAFF_SOURCE_CHOICES = [("", "Choose the source")] + choices(ReferralSource)
_LOGGED_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]
CHILD_ROWS = 3
ADULT_ROWS = 2


def parse_clock_time(text: str) -> time | None:
    """'14:05', '14.05', '2:05pm', '9am' → a time, or None if it is not one."""
    cleaned = text.strip().lower().replace(" ", "").replace(".", ":")
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", cleaned)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class ClockTimeField(forms.CharField):
    """A time of day typed as 14:05 or 2:05pm."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"spellcheck": "false", "class": "govuk-input--width-5"})

    def clean(self, value):  # type: ignore[no-untyped-def]
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_clock_time(text)
        if parsed is None:
            raise forms.ValidationError(f"{self.label} must be a real time, like 14:05 or 2:05pm")
        return parsed


def _referrer_fields() -> dict[str, forms.Field]:
    return {
        "referrer_name": forms.CharField(
            label="Referrer's name",
            max_length=200,
            error_messages={"required": "Enter the referrer's name (or ‘Anonymous’)"},
        ),
        "referrer_agency": forms.CharField(label="Organisation (optional)", max_length=200, required=False),
        "referrer_phone": forms.CharField(label="Phone number (optional)", max_length=40, required=False),
        "referrer_email": forms.EmailField(
            label="Email address (optional)",
            help_text="The referrer will be emailed the reference and, later, the outcome.",
            max_length=254,
            required=False,
            error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        ),
        "referral_source": forms.ChoiceField(
            label="Referral source (CIN code)",
            choices=_STAFF_SOURCE_CHOICES,
            error_messages={
                "required": "Select the referral source",
                "invalid_choice": "Select the referral source",
            },
        ),
    }


_URGENCY_FIELD_ARGS = {
    "label": "Urgency (RAG rating)",
    "choices": Contact.Urgency.choices,
    "widget": forms.RadioSelect,
    "error_messages": {"required": "Select the urgency", "invalid_choice": "Select the urgency"},
}


class LogContactForm(IdempotentFormMixin, forms.Form):
    """A phone call, email, police notification or other contact, logged by staff in under a minute."""

    referrer_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    channel = forms.ChoiceField(
        label="How did the contact come in?",
        choices=_LOGGED_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the contact came in",
            "invalid_choice": "Select how the contact came in",
        },
    )
    received_time = ClockTimeField(
        label="Time received today (optional)",
        help_text="Leave blank if it is now. For example, 09:30.",
        required=False,
    )
    concern = forms.CharField(
        label="What is the concern?",
        help_text="What happened, when, where, how the referrer knows, and where the child is now.",
        max_length=10000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the concern",
            "max_length": "The concern must be 10,000 characters or fewer",
        },
    )
    urgency = forms.TypedChoiceField(coerce=int, **_URGENCY_FIELD_ARGS)  # type: ignore[arg-type]
    callback_needed = forms.MultipleChoiceField(
        label="Call back",
        choices=[("yes", "No social worker is free: the referrer needs a call back")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    callback_phone = forms.CharField(label="Call back on (phone number)", max_length=40, required=False)
    callback_notes = forms.CharField(
        label="Best time to call, or anything else (optional)", max_length=500, required=False
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields.update(_referrer_fields())
        for row in range(1, CHILD_ROWS + 1):
            first = row == 1
            self.fields[f"child_{row}_given_name"] = forms.CharField(
                label="First name" if first else "First name (optional)",
                help_text="Leave empty for an unborn baby and give the expected date of birth."
                if first
                else "",
                max_length=100,
                required=False,
            )
            self.fields[f"child_{row}_family_name"] = forms.CharField(
                label="Last name" if first else "Last name (optional)",
                max_length=100,
                required=first,
                error_messages={"required": "Enter the child's last name"},
            )
            self.fields[f"child_{row}_date_of_birth"] = GovukDateField(
                label=f"Child {row}'s date of birth (optional)", required=False, must_be_past=True
            )
            self.fields[f"child_{row}_expected_date_of_birth"] = GovukDateField(
                label=f"Child {row}'s expected date of birth, if not born yet (optional)", required=False
            )
        for row in range(1, ADULT_ROWS + 1):
            self.fields[f"adult_{row}_name"] = forms.CharField(
                label="Name (optional)", max_length=200, required=False
            )
            self.fields[f"adult_{row}_relationship"] = forms.CharField(
                label="Relationship to the child (optional)",
                help_text="For example, mother, stepfather, lodger.",
                max_length=200,
                required=False,
            )
            self.fields[f"adult_{row}_date_of_birth"] = GovukDateField(
                label=f"Adult {row}'s date of birth (optional)", required=False, must_be_past=True
            )
        for name in self.fields:
            if name.endswith("_name") or name.startswith("referrer_"):
                self.fields[name].widget.attrs["spellcheck"] = "false"
            if name.startswith("child_") or name.startswith("adult_"):
                self.fields[name].widget.attrs["autocomplete"] = "off"

    def child_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (
                row,
                [
                    self[f"child_{row}_{part}"]
                    for part in ("given_name", "family_name", "date_of_birth", "expected_date_of_birth")
                ],
            )
            for row in range(1, CHILD_ROWS + 1)
        ]

    def adult_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (row, [self[f"adult_{row}_{part}"] for part in ("name", "relationship", "date_of_birth")])
            for row in range(1, ADULT_ROWS + 1)
        ]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        for row in range(1, CHILD_ROWS + 1):
            given, family = data.get(f"child_{row}_given_name"), data.get(f"child_{row}_family_name")
            born, expected = (
                data.get(f"child_{row}_date_of_birth"),
                data.get(f"child_{row}_expected_date_of_birth"),
            )
            named = given or expected  # an unborn baby needs no first name
            if row == 1 and not named and f"child_{row}_given_name" not in self.errors:
                self.add_error(
                    "child_1_given_name",
                    "Enter the child's first name, or an expected date of birth for an unborn baby",
                )
            elif row > 1 and (given or family or born or expected) and not (named and family):
                self.add_error(
                    f"child_{row}_given_name" if not named else f"child_{row}_family_name",
                    f"Enter child {row}'s {'first' if not named else 'last'} name, or leave child {row} blank",
                )
            if born and expected:
                self.add_error(
                    f"child_{row}_expected_date_of_birth",
                    "Enter either a date of birth or an expected date of birth",
                )
        for row in range(1, ADULT_ROWS + 1):
            if (
                data.get(f"adult_{row}_relationship") or data.get(f"adult_{row}_date_of_birth")
            ) and not data.get(f"adult_{row}_name"):
                self.add_error(f"adult_{row}_name", f"Enter adult {row}'s name, or leave adult {row} blank")
        if data.get("callback_needed") and not (data.get("callback_phone") or data.get("referrer_phone")):
            self.add_error("callback_phone", "Enter the phone number to call back on")
        received = data.get("received_time")
        if received:
            moment = timezone.make_aware(datetime.combine(timezone.localdate(), received))
            if moment > timezone.now():
                self.add_error("received_time", "Time received must be now or in the past")
            data["received_at"] = moment
        else:
            data["received_at"] = None
        return data


class ContactEditForm(forms.Form):
    """Correct a contact's details; the version makes a stale form fail instead of overwriting."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    concern = forms.CharField(
        label="What is the concern?",
        max_length=10000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the concern",
            "max_length": "The concern must be 10,000 characters or fewer",
        },
    )
    urgency = forms.TypedChoiceField(coerce=int, **_URGENCY_FIELD_ARGS)  # type: ignore[arg-type]
    reason = forms.CharField(
        label="Why are you changing it?",
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are changing the contact"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields.update(_referrer_fields())


class CallbackForm(forms.Form):
    phone = forms.CharField(
        label="Call back on (phone number)",
        max_length=40,
        error_messages={"required": "Enter the phone number"},
    )
    notes = forms.CharField(
        label="Best time to call, or anything else (optional)", max_length=500, required=False
    )
