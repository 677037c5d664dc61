from datetime import datetime

from django import forms
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core.codes import Channel, Outcome, PrimaryNeed, ReferralSource, choices
from frontdoor.core.forms import GovukDateField, IdempotentFormMixin
from frontdoor.intake.forms import ClockTimeField
from frontdoor.intake.models import Contact

from .levels import level_choices
from .models import AgencyCheck


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is your decision?",
        choices=choices(Outcome),
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision", "invalid_choice": "Select a decision"},
    )
    level_of_need = forms.TypedChoiceField(
        label="Level of need",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of need", "invalid_choice": "Select the level of need"},
    )
    primary_need = forms.ChoiceField(
        label="Primary need (CIN code)",
        help_text="Needed for a referral to children's social care. Where two fit, choose the higher in the list.",
        choices=[("", "Choose the primary need")]
        + [(v, f"{v} {label}") for v, label in choices(PrimaryNeed)],
        required=False,
        error_messages={"invalid_choice": "Select the primary need"},
    )
    rationale = forms.CharField(
        label="Why have you made this decision?",
        help_text="Say what you weighed up: the worries, what is working well, and the child's level of need.",
        max_length=10000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you have made this decision",
            "max_length": "The reason must be 10,000 characters or fewer",
        },
    )
    next_step = forms.CharField(
        label="What happens next? (optional)", max_length=2000, widget=forms.Textarea, required=False
    )
    next_step_by = forms.CharField(label="Who will do it? (optional)", max_length=200, required=False)
    suggested_services = forms.MultipleChoiceField(
        label="Services you suggested to the family",
        help_text="If you signpost the family, select the services you suggested. They go in the referrer's email.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select services from the list"},
    )
    override_reason = forms.CharField(
        label="Manager's override (only if this decision is refused as inconsistent, or in an emergency before everyone is linked)",
        help_text="Why the outcome is right although it does not fit the level of need or what we know.",
        max_length=5000,
        widget=forms.Textarea,
        required=False,
    )
    postcode = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, team: Team | None = None, suggestions=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["level_of_need"].choices = level_choices()
        services = self.fields["suggested_services"]
        services.choices = [(str(item.id), item.name) for item in suggestions]
        services.option_hints = {  # type: ignore[attr-defined]
            str(
                item.id
            ): f"{item.organisation}. {item.where}{f' ({item.distance} away)' if item.distance else ''}. "
            f"{item.ages}. {item.cost}."
            for item in suggestions
        }
        if team is not None and team.kind == Team.Kind.EARLY_HELP:
            self.fields[
                "outcome"
            ].help_text = (
                "The early help team cannot decide a social care outcome: step the contact up first."
            )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        outcome = data.get("outcome")
        if outcome:
            outcome = Outcome(outcome)
            if (
                self.team is not None
                and self.team.kind == Team.Kind.EARLY_HELP
                and outcome.needs_social_care_team
            ):
                self.add_error(
                    "outcome",
                    f"The early help team cannot decide ‘{outcome.label}’. "
                    "Step this contact up to children's social care first.",
                )
            if outcome.is_social_care_referral and not data.get("primary_need"):
                self.add_error("primary_need", "Select the primary need: a referral to social care needs one")
            if (
                outcome is Outcome.SIGNPOST
                and self.fields["suggested_services"].choices
                and not data.get("suggested_services")
            ):
                self.add_error("suggested_services", "Select the services you suggested to the family")
        return data


class ConversationForm(IdempotentFormMixin, forms.Form):
    day = GovukDateField(
        label="Date of the conversation",
        must_be_past=True,
        error_messages={"required": "Enter the date of the conversation"},
    )
    started = ClockTimeField(label="Start time", error_messages={"required": "Enter the start time"})
    ended = ClockTimeField(label="End time", error_messages={"required": "Enter the end time"})
    participants = forms.CharField(
        label="Who took part?",
        help_text="Names and roles, for example: Rita Referrer (class teacher), Tom Okafor (social worker).",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter who took part"},
    )
    worries = forms.CharField(
        label="What are we worried about?", max_length=10000, widget=forms.Textarea, required=False
    )
    working_well = forms.CharField(
        label="What's working well?", max_length=10000, widget=forms.Textarea, required=False
    )
    needs_to_happen = forms.CharField(
        label="What needs to happen?", max_length=10000, widget=forms.Textarea, required=False
    )
    safety_scale = forms.TypedChoiceField(
        label="Safety scale (optional)",
        help_text="0 means the child will be harmed; 10 means the child is safe enough for us to close.",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "Not scaled")] + [(str(n), str(n)) for n in range(11)],
        error_messages={"invalid_choice": "Select a number from 0 to 10"},
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        day, started, ended = data.get("day"), data.get("started"), data.get("ended")
        if day and started and ended:
            data["started_at"] = timezone.make_aware(datetime.combine(day, started))
            data["ended_at"] = timezone.make_aware(datetime.combine(day, ended))
            if data["ended_at"] < data["started_at"]:
                self.add_error("ended", "End time must be after the start time")
            elif data["started_at"] > timezone.now():
                self.add_error("started", "Start time must be now or in the past")
        if not any(data.get(name) for name in ("worries", "working_well", "needs_to_happen")):
            self.add_error(
                "worries",
                "Enter at least one of the notes: worries, what's working well, what needs to happen",
            )
        return data


class AgencyCheckForm(IdempotentFormMixin, forms.Form):
    agency = forms.CharField(
        label="Which agency?", max_length=200, error_messages={"required": "Enter which agency you asked"}
    )
    asked = forms.CharField(
        label="What did you ask?",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter what you asked"},
    )
    response = forms.CharField(
        label="What did they tell you? (optional)", max_length=10000, widget=forms.Textarea, required=False
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=AgencyCheck.LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis", "invalid_choice": "Select the lawful basis"},
    )
    parents_told = forms.ChoiceField(
        label="Do the parents know you asked?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the parents know",
            "invalid_choice": "Select whether the parents know",
        },
    )
    reason_parents_not_told = forms.CharField(
        label="If not, why not?",
        help_text="For example, telling them could put the child at risk or undermine a police investigation. "
        "A team manager must authorise this.",
        max_length=5000,
        widget=forms.Textarea,
        required=False,
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        told = data.get("parents_told")
        if told == "no" and not data.get("reason_parents_not_told", "").strip():
            self.add_error("reason_parents_not_told", "Enter why the parents were not told")
        if told == "no" and data.get("lawful_basis") == AgencyCheck.LawfulBasis.CONSENT:
            self.add_error("lawful_basis", "Consent can only be the lawful basis if the parents know")
        return data


class AuthoriseForm(forms.Form):
    note = forms.CharField(
        label="Your reasons for authorising",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter your reasons for authorising this"},
    )


class TransferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_team = forms.ModelChoiceField(
        label="Which team should have this contact?",
        queryset=Team.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    reason = forms.CharField(
        label="Why are you passing it on?",
        help_text="The other team will read this first.",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are passing this contact on"},
    )

    def __init__(self, *args, teams=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams or []])


class OversightForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label="Do you agree with this decision?",
        choices=[("agree", "Yes, I agree"), ("return", "No, return it to the worker")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree", "invalid_choice": "Select whether you agree"},
    )
    comment = forms.CharField(
        label="Management oversight comment",
        help_text="Required if you return it: say what the worker needs to look at again.",
        max_length=5000,
        widget=forms.Textarea,
        required=False,
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("verdict") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Enter what the worker needs to look at again")
        return data


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Awaiting a decision"),
            (Contact.Status.OPEN, "New (not claimed)"),
            (Contact.Status.IN_PROGRESS, "In progress"),
            (Contact.Status.AWAITING_OVERSIGHT, "Awaiting management oversight"),
        ],
    )
    urgency = forms.ChoiceField(
        label="RAG rating",
        required=False,
        choices=[("", "Any")] + [(str(v), lab.split(" –")[0]) for v, lab in Contact.Urgency.choices],
    )
    due = forms.ChoiceField(
        label="Decision due",
        required=False,
        choices=[
            ("", "Any time"),
            ("overdue", "Overdue"),
            ("soon", "Within 4 hours"),
            ("today", "By the end of today"),
            ("later", "After today"),
        ],
    )
    channel = forms.ChoiceField(label="Channel", required=False, choices=[("", "Any")] + choices(Channel))
    source = forms.ChoiceField(
        label="Source",
        required=False,
        choices=[("", "Any")] + [(v, f"{v} {lab}") for v, lab in choices(ReferralSource)],
    )
    allocated = forms.ChoiceField(label="Allocated to", required=False)

    def __init__(self, *args, members=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["allocated"].choices = [("", "Anyone"), ("me", "Me"), ("none", "Nobody yet")] + [
            (str(member.pk), member.display_name) for member in members
        ]


class AllocateForm(forms.Form):
    worker = forms.ChoiceField(
        label="Who should have this contact?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a worker", "invalid_choice": "Select a worker in the team"},
    )
    reason = forms.CharField(
        label="Why? (needed when you reallocate)",
        max_length=2000,
        widget=forms.Textarea,
        required=False,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, caseloads=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [
            (
                str(load.worker.pk),
                f"{load.worker.display_name}: {load.total} open ({load.red} Red, {load.amber} Amber, "
                f"{load.green} Green){' – at or over the team limit' if load.at_limit else ''}",
            )
            for load in caseloads
        ]


class CaseloadLimitForm(forms.Form):
    open_contacts = forms.IntegerField(
        label="Soft limit on each worker's open contacts",
        help_text="Leave empty for no limit. Over it, you are warned when you allocate; nobody is stopped.",
        min_value=1,
        max_value=200,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the limit as a whole number, like 12",
            "min_value": "Enter a limit between 1 and 200",
            "max_value": "Enter a limit between 1 and 200",
        },
    )


class AddChildForm(forms.Form):
    given_name = forms.CharField(
        label="First name", max_length=100, required=False, help_text="Leave empty for an unborn baby."
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", must_be_past=True, required=False)
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth, if the baby is not born yet", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if (
            not data.get("given_name")
            and not data.get("expected_date_of_birth")
            and "given_name" not in self.errors
        ):
            self.add_error(
                "given_name", "Enter the child's first name, or an expected date of birth for an unborn baby"
            )
        if data.get("date_of_birth") and data.get("expected_date_of_birth"):
            self.add_error(
                "expected_date_of_birth", "Enter either a date of birth or an expected date of birth"
            )
        return data


class AddAdultForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the adult's name"}
    )
    relationship = forms.CharField(
        label="Relationship to the children (optional)",
        max_length=200,
        required=False,
        help_text="For example: mother, stepfather, mum's partner, the person alleged to have caused harm.",
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", must_be_past=True, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RemovePersonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing them?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are removing them"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def _yes_no_unknown(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class FurtherDetailsForm(forms.Form):
    received_day = GovukDateField(
        label="Date received", must_be_past=True, error_messages={"required": "Enter the date received"}
    )
    received_time = ClockTimeField(
        label="Time received", error_messages={"required": "Enter the time received"}
    )
    received_at_reason = forms.CharField(
        label="If you changed the time received, why?",
        help_text="For example: a police notification sent overnight and logged this morning.",
        max_length=2000,
        widget=forms.Textarea,
        required=False,
    )
    address = forms.CharField(
        label="Where do the children live? (optional)", max_length=1000, widget=forms.Textarea, required=False
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    police_occurrence_number = forms.CharField(
        label="Police occurrence number (optional)", max_length=50, required=False
    )
    dash_risk = forms.ChoiceField(
        label="DASH risk level",
        choices=[("", "Not known or not a domestic abuse notification"), *Contact.DashRisk.choices],
        required=False,
        error_messages={"invalid_choice": "Select the DASH risk level"},
    )
    children_present = forms.ChoiceField(
        label="Were the children present?",
        choices=[*Contact.ChildrenPresent.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select whether the children were present"},
    )
    operation_encompass = _yes_no_unknown("Has the school been told through Operation Encompass?")
    consent = forms.ChoiceField(
        label="Consent to share information and make enquiries",
        choices=[*Contact.Consent.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select whether consent was given"},
    )
    parents_know = _yes_no_unknown("Do the parents know about this contact?")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        day, clock = data.get("received_day"), data.get("received_time")
        if day and clock:
            data["received_at"] = timezone.make_aware(datetime.combine(day, clock))
            if data["received_at"] > timezone.now():
                self.add_error("received_time", "The time received must be now or in the past")
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, PNG or JPG, smaller than 10 MB.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    description = forms.CharField(
        label="What is it? (optional)",
        help_text="For example: police notification, photograph of the note from school.",
        max_length=300,
        required=False,
    )
