"""Forms for multi-agency working. Messages follow the GOV.UK pattern; services make the final checks."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from frontdoor.core.forms import GovukDateField, IdempotentFormMixin
from frontdoor.intake.forms import ClockTimeField

from . import timescales
from .models import FamilyGroupConferenceOffer, LawfulBasis, MemberAgency, PartnerAgency, StrategyDiscussion
from .services.requests import QUESTION_LIMIT, REPLY_LIMIT


def _long_text(label: str, limit: int, required_message: str = "", **kwargs) -> forms.CharField:  # type: ignore[no-untyped-def]
    return forms.CharField(
        label=label,
        max_length=limit,
        widget=forms.Textarea,
        required=bool(required_message),
        error_messages={
            "required": required_message,
            "max_length": f"{label.split(' (')[0].rstrip('?')} must be {limit:,} characters or fewer "
            "(it has %(show_value)s). Nothing was lost: shorten it and send again",
        },
        **kwargs,
    )


class InformationRequestForm(IdempotentFormMixin, forms.Form):
    agencies = forms.MultipleChoiceField(
        label="Which agencies are you asking?",
        help_text="Each agency gets its own request, with its own due time and secure link.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one agency",
            "invalid_choice": "Select agencies from the list",
        },
    )
    question = _long_text("What are you asking?", QUESTION_LIMIT, "Enter what you are asking")
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for asking",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis", "invalid_choice": "Select the lawful basis"},
    )

    def __init__(self, *args, agencies=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [
            (str(a.pk), f"{a.name} ({a.get_kind_display()})") for a in agencies
        ]


class ReasonForm(forms.Form):
    reason = _long_text("Why?", 2000, "Enter why")
    send_new = forms.BooleanField(label="Send a new link to the agency's contact on the list", required=False)


class PartnerAgencyForm(forms.Form):
    name = forms.CharField(
        label="Agency name", max_length=200, error_messages={"required": "Enter the agency's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=PartnerAgency.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agency"},
    )
    contact_name = forms.CharField(label="Contact person (optional)", max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Email address for requests",
        max_length=254,
        error_messages={
            "required": "Enter the email address for requests",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class PartnerReplyForm(forms.Form):
    shared = forms.ChoiceField(
        label="Are you sharing information?",
        choices=[
            ("yes", "Yes, I am sharing what we know"),
            ("no", "No: sharing would be more detrimental to the child than not sharing"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are sharing information"},
    )
    information = _long_text("What do you know? (if sharing)", REPLY_LIMIT)
    not_shared_reason = _long_text(
        "Why would sharing be more detrimental to the child? (if not sharing)", REPLY_LIMIT
    )
    name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    role = forms.CharField(label="Your role (optional)", max_length=200, required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if (
            data.get("shared") == "yes"
            and not data.get("information", "").strip()
            and "information" not in self.errors
        ):
            self.add_error("information", "Enter the information you are sharing")
        if (
            data.get("shared") == "no"
            and not data.get("not_shared_reason", "").strip()
            and "not_shared_reason" not in self.errors
        ):
            self.add_error("not_shared_reason", "Enter why sharing would be more detrimental to the child")
        return data


def _combine(day, clock) -> datetime | None:  # type: ignore[no-untyped-def]
    if day is None or clock is None:
        return None
    return timezone.make_aware(datetime.combine(day, clock))


MEMBER_ROWS = 6
ACTION_ROWS = 4


class ScheduleStrategyForm(forms.Form):
    day = GovukDateField(
        label="Date", error_messages={"required": "Enter the date of the strategy discussion"}
    )
    time = ClockTimeField(label="Time", error_messages={"required": "Enter the time, like 14:05"})
    how_held = forms.ChoiceField(
        label="How will it be held?",
        choices=StrategyDiscussion.HowHeld.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it will be held"},
    )
    missing_members_reason = _long_text(
        "If police, health, education or social work are not invited, why not?", 2000
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for row in range(MEMBER_ROWS):
            self.fields[f"member_{row}_name"] = forms.CharField(label="Name", max_length=200, required=False)
            self.fields[f"member_{row}_agency"] = forms.ChoiceField(
                label="Agency", choices=[("", "Choose an agency"), *MemberAgency.choices], required=False
            )
            self.fields[f"member_{row}_organisation"] = forms.CharField(
                label="Organisation and role (optional)", max_length=200, required=False
            )

    def member_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (row + 1, [self[f"member_{row}_{part}"] for part in ("name", "agency", "organisation")])
            for row in range(MEMBER_ROWS)
        ]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        for row in range(MEMBER_ROWS):
            if data.get(f"member_{row}_name", "").strip() and not data.get(f"member_{row}_agency"):
                self.add_error(f"member_{row}_agency", f"Select the agency of person {row + 1}")
        data["scheduled_for"] = _combine(data.get("day"), data.get("time"))
        return data


class RecordStrategyForm(forms.Form):
    day = GovukDateField(
        label="Date held", must_be_past=True, error_messages={"required": "Enter the date it was held"}
    )
    time = ClockTimeField(
        label="Time it started", error_messages={"required": "Enter the time it started, like 14:05"}
    )
    attended = forms.MultipleChoiceField(
        label="Who took part?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who took part"},
    )
    information_shared = _long_text("What information was shared?", 20000, "Enter the information shared")
    result = forms.ChoiceField(
        label="What was decided?",
        choices=StrategyDiscussion.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was decided"},
    )
    instead = _long_text("If no section 47 enquiry, what happens instead?", 5000)
    missing_members_reason = _long_text("If no one from police or health took part, why?", 2000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, members=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(m.pk), str(m)) for m in members]
        for row in range(ACTION_ROWS):
            self.fields[f"action_{row}_action"] = forms.CharField(
                label="Action", max_length=1000, required=False
            )
            self.fields[f"action_{row}_owner"] = forms.CharField(label="Who", max_length=200, required=False)
            self.fields[f"action_{row}_due_on"] = GovukDateField(label="Due by", required=False)

    def action_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (row + 1, [self[f"action_{row}_{part}"] for part in ("action", "owner", "due_on")])
            for row in range(ACTION_ROWS)
        ]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("result") == StrategyDiscussion.Result.NO_S47 and not data.get("instead", "").strip():
            self.add_error("instead", "Enter what happens instead of a section 47 enquiry")
        today = timezone.localdate()
        for row in range(ACTION_ROWS):
            action, owner, due = (data.get(f"action_{row}_{p}") for p in ("action", "owner", "due_on"))
            if not (action or owner or due):
                continue
            if not action:
                self.add_error(f"action_{row}_action", f"Enter action {row + 1}")
            if not owner:
                self.add_error(f"action_{row}_owner", f"Enter who will do action {row + 1}")
            if due is None and f"action_{row}_due_on" not in self.errors:
                self.add_error(f"action_{row}_due_on", f"Enter when action {row + 1} is due")
            elif due is not None and due < today:
                self.add_error(
                    f"action_{row}_due_on", f"Action {row + 1} is due in the past: enter a date from today"
                )
        data["held_at"] = _combine(data.get("day"), data.get("time"))
        return data


class LeadPractitionerForm(forms.Form):
    name = forms.CharField(
        label="Lead practitioner's name",
        max_length=200,
        error_messages={"required": "Enter the lead practitioner's name"},
    )
    organisation = forms.CharField(
        label="Family Help team or partner agency",
        max_length=200,
        error_messages={"required": "Enter their Family Help team or agency"},
    )
    email = forms.EmailField(label="Email address (optional)", max_length=254, required=False)
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    level = forms.ChoiceField(
        label="Level of need",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of need"},
    )
    handover_on = GovukDateField(
        label="Handover date", error_messages={"required": "Enter the handover date"}
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(name, name) for name in timescales.family_help_levels()]


class NetworkMemberForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    relationship = forms.CharField(
        label="Relationship to the family",
        max_length=200,
        error_messages={"required": "Enter their relationship"},
    )
    contact_details = forms.CharField(label="Phone or address (optional)", max_length=300, required=False)


class FamilyGroupOfferForm(forms.Form):
    offered_on = GovukDateField(
        label="Date offered", must_be_past=True, error_messages={"required": "Enter the date it was offered"}
    )
    response = forms.ChoiceField(
        label="The family's answer",
        choices=FamilyGroupConferenceOffer.Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the family's answer"},
    )
    notes = _long_text("Notes (optional)", 2000)


class HandoverForm(forms.Form):
    team = forms.ChoiceField(label="Which team will assess?", error_messages={"required": "Select the team"})

    def __init__(self, *args, teams=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Choose a team")] + [(str(t.pk), t.name) for t in teams]


class DecideNowForm(forms.Form):
    reason = _long_text(
        "Why are you deciding before the agencies answer?",
        5000,
        "Enter why you are deciding before the agencies answer",
    )
