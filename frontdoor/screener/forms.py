"""Forms for the screener's questions, the request for service / early help, saving a draft and uploads."""

from __future__ import annotations

import copy
import datetime
import re
from typing import Any

from django import forms
from django.forms.utils import ErrorDict

from frontdoor.core.codes import ReferralSource, choices
from frontdoor.core.forms import GovukDateField, GovukDateWidget, IdempotentFormMixin
from frontdoor.core.public_forms import HoneypotFormMixin

from . import engine
from .identifiers import (
    date_of_birth_problem,
    expected_birth_problem,
    nhs_number_problem,
    upn_problem,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


# ----------------------------------------------------------------------------------- screener questions
class QuestionForm(forms.Form):
    """One screener question as a GOV.UK component. The engine validates the answer, not this form."""

    def __init__(self, question: engine.Question, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        label, hint = question.text, question.hint or ""
        field: forms.Field
        if question.kind in (engine.Kind.RADIO, engine.Kind.YES_NO):
            field = forms.ChoiceField(
                label=label, help_text=hint, required=False, widget=forms.RadioSelect, choices=self._choices()
            )
        elif question.kind is engine.Kind.CHECKBOXES:
            field = forms.MultipleChoiceField(
                label=label,
                help_text=hint,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=self._choices(),
            )
        elif question.kind is engine.Kind.DATE:
            field = GovukDateField(label=label, help_text=hint, required=False)
        else:
            field = forms.CharField(label=label, help_text=hint, required=False, widget=forms.Textarea)
        field.option_hints = {o.value: o.hint for o in question.options if o.hint}  # type: ignore[attr-defined]
        self.fields[question.id] = field

    def _choices(self) -> list[tuple[str, str]]:
        return [(option.value, option.label) for option in self.question.options]

    def raw_answer(self) -> object:
        """What was posted, in the shape ``engine.validate_answer`` takes."""
        name = self.question.id
        if self.question.kind is engine.Kind.DATE:
            parts = [self.data.get(f"{name}_{index}", "") for index in range(3)]
            return {"day": parts[0], "month": parts[1], "year": parts[2]}
        if self.question.kind in (engine.Kind.CHECKBOXES, engine.Kind.RADIO, engine.Kind.YES_NO):
            return self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
        return self.data.get(name, "")

    def set_error(self, message: str | None) -> None:
        """Show the engine's message (and only it): Django's own validation is not run."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        if message:
            self._errors[self.question.id] = self.error_class([message])


def initial_for(question: engine.Question, stored: object) -> dict[str, object]:
    """Initial form data from a stored (JSON) answer."""
    if stored is None:
        return {}
    if question.kind is engine.Kind.DATE and isinstance(stored, str):
        try:
            return {question.id: datetime.date.fromisoformat(stored)}
        except ValueError:
            return {}
    return {question.id: stored}


# ---------------------------------------------------------------------------------------------- helpers
def _text(
    label: str,
    *,
    max_length: int,
    required: bool = True,
    error: str = "",
    hint: str = "",
    textarea: bool = False,
    name: str = "",
) -> forms.CharField:
    name = name or label.rstrip("?").removesuffix(" (optional)")
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=hint,
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={
            "required": error or f"Enter {label.lower()}",
            "max_length": f"{name} must be {max_length:,} characters or fewer",
        },
    )


def _radios(label: str, options: list[tuple[str, str]], *, error: str, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=options,
        widget=forms.RadioSelect,
        error_messages={"required": error, "invalid_choice": error},
    )


class NamedDateField(GovukDateField):
    """A date field whose error messages use a name other than its label (for optional fields)."""

    def __init__(self, *, error_name: str, **kwargs: Any) -> None:
        self.error_name = error_name
        super().__init__(**kwargs)

    def _name(self) -> str:
        return self.error_name


def raw_data(form_class: type[forms.Form], post: Any) -> dict[str, Any]:
    """The posted values of a form's fields, to keep (in the session or a draft) and bind again later."""
    raw: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, GovukDateWidget):
            for index in range(3):
                raw[f"{name}_{index}"] = str(post.get(f"{name}_{index}", ""))[:20]
        elif isinstance(field.widget, forms.CheckboxSelectMultiple):
            raw[name] = [str(v)[:200] for v in post.getlist(name)][:50]
        else:
            raw[name] = str(post.get(name, ""))[:20000]
    return raw


def jsonable(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in cleaned.items()
    }


# ------------------------------------------------------------------------------------ request sections
SEX_CHOICES = [("F", "Female"), ("M", "Male"), ("U", "Not known")]
SAFE_TONIGHT_CHOICES = [("yes", "Yes"), ("no", "No"), ("dont_know", "I do not know")]


class ChildForm(forms.Form):
    given_name = _text("First name", max_length=100, error="Enter the child's first name")
    family_name = _text("Last name", max_length=100, error="Enter the child's last name")
    born = _radios(
        "Has the child been born?",
        [("yes", "Yes"), ("no", "No, the baby is not born yet")],
        error="Select if the child has been born",
    )
    date_of_birth = NamedDateField(
        label="Date of birth",
        error_name="Date of birth",
        required=False,
        help_text="For example, 27 3 2019. If you do not know it, leave it blank.",
    )
    due_date = NamedDateField(
        label="Due date",
        error_name="Due date",
        required=False,
        help_text="Only if the baby is not born yet. For example, 14 2 2027.",
    )
    sex = _radios("Sex", SEX_CHOICES, error="Select the child's sex, or select ‘Not known’")
    address = _text(
        "Address where the child lives",
        max_length=500,
        textarea=True,
        error="Enter the address where the child lives",
        hint="If you do not know the full address, tell us what you know, for example the street and town.",
        name="Address",
    )
    description = _text(
        "Anything else that would help us find the child (optional)",
        max_length=1000,
        required=False,
        textarea=True,
        hint="For example which flat or house, what the child looks like, roughly how old they are, or where you see them.",
        name="What helps us find the child",
    )
    school = _text("School, college or nursery (optional)", max_length=200, required=False, name="School")
    gp = _text("GP practice (optional)", max_length=200, required=False, name="GP practice")
    nhs_number = _text(
        "NHS number (optional)",
        max_length=20,
        required=False,
        hint="10 numbers, like 943 476 5919. Leave this blank if you do not know it.",
        name="NHS number",
    )
    upn = _text(
        "Unique pupil number (UPN) (optional)",
        max_length=20,
        required=False,
        hint="13 characters, like H801200001001. The school can tell you. Leave this blank if you do not know it.",
        name="Unique pupil number",
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_nhs_number(self) -> str:
        raw = self.cleaned_data["nhs_number"]
        if not raw:
            return ""
        value, error = nhs_number_problem(raw)
        if error:
            raise forms.ValidationError(error)
        return value or ""

    def clean_upn(self) -> str:
        raw = self.cleaned_data["upn"]
        if not raw:
            return ""
        value, error = upn_problem(raw)
        if error:
            raise forms.ValidationError(error)
        return value or ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        born = cleaned.get("born")
        if born == "yes" and "date_of_birth" not in self.errors:
            # Members of the public often do not know a date of birth: it may be left blank
            dob = cleaned.get("date_of_birth")
            problem = date_of_birth_problem(dob, self.today) if dob else None
            if problem:
                self.add_error("date_of_birth", problem)
            cleaned["due_date"] = None
        elif born == "no" and "due_date" not in self.errors:
            due = cleaned.get("due_date")
            problem = expected_birth_problem(due, self.today) if due else "Enter the baby's due date"
            if problem:
                self.add_error("due_date", problem)
            cleaned["date_of_birth"] = None
        return cleaned


class HouseholdMemberForm(forms.Form):
    name = _text("Full name", max_length=200, error="Enter the person's full name")
    relationship = _text(
        "Relationship to the child",
        max_length=100,
        error="Enter the person's relationship to the child",
        hint="For example mother, stepfather, grandmother, older brother or lodger.",
    )
    date_of_birth = NamedDateField(
        label="Date of birth (optional)",
        error_name="Date of birth",
        required=False,
        must_be_past=True,
        help_text="For example, 27 3 1990.",
    )
    lives_with_child = _radios(
        "Does this person live with the child?", YES_NO, error="Select if this person lives with the child"
    )
    parental_responsibility = _radios(
        "Does this person have parental responsibility for the child?",
        [("yes", "Yes"), ("no", "No"), ("dont_know", "I do not know")],
        error="Select if this person has parental responsibility",
        hint="A birth mother always has it. A father usually has it if he was married to the mother or is named on the birth certificate.",
    )


class CommunicationForm(forms.Form):
    first_language = _text(
        "What is the family's main language?",
        max_length=100,
        error="Enter the family's main language",
        name="Main language",
    )
    interpreter = _radios(
        "Does anyone in the family need an interpreter?",
        YES_NO,
        error="Select if anyone in the family needs an interpreter",
    )
    communication_needs = _text(
        "Communication needs (optional)",
        max_length=1000,
        required=False,
        textarea=True,
        hint="For example British Sign Language, a learning disability, a hearing or sight impairment, or a child who does not use words.",
        name="Communication needs",
    )


class ConcernForm(forms.Form):
    what = _text(
        "What are you worried about?",
        max_length=5000,
        textarea=True,
        error="Enter what you are worried about",
        hint="Tell us what happened and who was involved. Use the words the child or family used, if you can.",
        name="What you are worried about",
    )
    when = _text(
        "When did it happen, or when did you become worried?",
        max_length=500,
        error="Enter when it happened",
        name="When it happened",
    )
    how_known = _text(
        "How do you know about it?",
        max_length=2000,
        textarea=True,
        error="Enter how you know about it",
        hint="For example the child told you, you saw it, or someone else told you (say who).",
        name="How you know",
    )
    person_causing_harm = _text(
        "Who do you think is causing the harm? (optional)",
        max_length=500,
        required=False,
        name="Who is causing the harm",
    )


class StrengthsForm(forms.Form):
    working_well = _text(
        "What is working well for the child and family?",
        max_length=3000,
        textarea=True,
        error="Enter what is working well",
        hint="For example people who help, things the parents do well, the child's strengths.",
        name="What is working well",
    )
    needs_to_happen = _text(
        "What do you think needs to happen?",
        max_length=3000,
        textarea=True,
        error="Enter what you think needs to happen",
        name="What needs to happen",
    )


class SafetyForm(forms.Form):
    where_now = _text(
        "Where is the child now?",
        max_length=500,
        error="Enter where the child is now",
        hint="For example at school, at home with their mother, or at their grandmother's house.",
        name="Where the child is now",
    )
    safe_tonight = _radios(
        "Will the child be safe tonight?",
        SAFE_TONIGHT_CHOICES,
        error="Select if the child will be safe tonight",
    )
    safety_details = _text(
        "If they may not be safe, why not?",
        max_length=2000,
        required=False,
        textarea=True,
        name="Why the child may not be safe",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needed = cleaned.get("safe_tonight") in ("no", "dont_know") and not cleaned.get("safety_details")
        if needed and "safety_details" not in self.errors:
            self.add_error("safety_details", "Enter why the child may not be safe tonight")
        return cleaned


class SupportForm(forms.Form):
    support_given = _text(
        "What support has the child or family already had?",
        max_length=3000,
        textarea=True,
        error="Enter what support has already been given, or say there has been none",
        hint="From you or from other services. If there has been none, say so.",
        name="Support already given",
    )


class CscConsentForm(forms.Form):
    parents_know = _radios(
        "Do the child's parents or carers know you are making this request?",
        YES_NO,
        error="Select if the parents or carers know about this request",
    )
    parents_agree = _radios(
        "Do they agree to it?",
        [("yes", "Yes"), ("no", "No"), ("not_asked", "I have not asked them")],
        error="Select if the parents or carers agree",
    )
    reason = _text(
        "If they do not know or do not agree, why not?",
        max_length=2000,
        required=False,
        textarea=True,
        hint="Telling them could sometimes put the child or someone else at risk, or get in the way of a police investigation.",
        name="Why not",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        know, agree = cleaned.get("parents_know"), cleaned.get("parents_agree")
        if know == "no" and agree == "yes":
            self.add_error(
                "parents_agree",
                "Parents who do not know about the request cannot have agreed to it. Select ‘I have not asked them’",
            )
        elif (
            (know == "no" or agree in ("no", "not_asked"))
            and not cleaned.get("reason")
            and "reason" not in self.errors
        ):
            self.add_error("reason", "Enter why the parents or carers do not know or do not agree")
        return cleaned


class EarlyHelpConsentForm(forms.Form):
    family_consents = _radios(
        "Has the family agreed to this request for early help?",
        YES_NO,
        error="Select if the family has agreed to this request",
        hint="Early help is voluntary. We can only offer it to families who agree to it.",
    )
    consent_from = _text(
        "Who in the family agreed?",
        max_length=200,
        required=False,
        hint="Their name and how they are related to the child.",
        name="Who agreed",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needed = cleaned.get("family_consents") == "yes" and not cleaned.get("consent_from")
        if needed and "consent_from" not in self.errors:
            self.add_error("consent_from", "Enter who in the family agreed")
        return cleaned


# Referrers choose who they are; we record the CIN census source code behind it
SOURCE_CHOICES = [("", "Choose where you work or who you are")] + [
    (value, label) for value, label in choices(ReferralSource) if value not in ("9", "10")
]
PHONE = re.compile(r"\+?[0-9 ()-]{10,25}")


class ReferrerForm(forms.Form):
    name = _text("Your full name", max_length=200, error="Enter your full name", name="Your name")
    role = _text(
        "Your role",
        max_length=200,
        error="Enter your role",
        hint="For example designated safeguarding lead, health visitor, or neighbour.",
    )
    agency = _text(
        "Organisation (optional)",
        max_length=200,
        required=False,
        hint="For example the name of the school or GP practice.",
        name="Organisation",
    )
    referral_source = forms.ChoiceField(
        label="Who are you?",
        choices=SOURCE_CHOICES,
        error_messages={"required": "Select who you are", "invalid_choice": "Select who you are"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send your reference number here.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    phone = _text(
        "Telephone number",
        max_length=30,
        error="Enter a telephone number",
        hint="A social worker may call you to talk about your request.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].widget.input_type = "tel"
        self.fields["agency"].widget.attrs["autocomplete"] = "organization"

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not PHONE.fullmatch(phone) or not 10 <= len(digits) <= 15:
            raise forms.ValidationError("Enter a telephone number, like 01632 960 001 or +44 1632 960 001")
        return phone


# ----------------------------------------------------------- members of the public, anonymous or not
# A neighbour or relative knows what they saw and heard, and where: not the family's language, the support
# they have had or (if anonymous) their names. These variants ask the same things, with only the concern and
# where the child is now required; staff see them through the same fields.
def _optional(form_class: type[forms.Form], *names: str) -> None:
    """Make fields optional on ``form_class`` only (a copy: the parent form's fields are left as they are)."""
    for name in names:
        field = copy.deepcopy(form_class.base_fields[name])
        form_class.base_fields[name] = field
        field.required = False
        if not str(field.label).endswith("(optional)"):
            field.label = f"{field.label} (optional)"


class PublicChildForm(ChildForm):
    born = _radios(
        "Has the child been born? (optional)",
        [("yes", "Yes"), ("no", "No, the baby is not born yet")],
        error="Select if the child has been born",
    )
    sex = _radios("Sex (optional)", SEX_CHOICES, error="Select the child's sex, or select ‘Not known’")

    def clean_born(self) -> str:
        return str(self.cleaned_data.get("born") or "yes")

    def clean_sex(self) -> str:
        return str(self.cleaned_data.get("sex") or "U")


_optional(PublicChildForm, "given_name", "family_name", "born", "sex", "address")
PublicChildForm.base_fields["given_name"].help_text = "Leave this blank if you do not know it."
PublicChildForm.base_fields["address"].help_text = (
    "Tell us what you know, for example the street, the block of flats or the town. "
    "If you do not know, tell us below anything that would help us find the child."
)


class PublicCommunicationForm(CommunicationForm):
    interpreter = _radios(
        "Does anyone in the family need an interpreter? (optional)",
        [("yes", "Yes"), ("no", "No"), ("dont_know", "I do not know")],
        error="Select if anyone in the family needs an interpreter",
    )


_optional(PublicCommunicationForm, "first_language", "interpreter")


class PublicStrengthsForm(StrengthsForm):
    pass


_optional(PublicStrengthsForm, "working_well", "needs_to_happen")


class PublicSupportForm(SupportForm):
    pass


_optional(PublicSupportForm, "support_given")
PublicSupportForm.base_fields["support_given"].help_text = "Leave this blank if you do not know."

PUBLIC_SOURCE_CHOICES = [
    ("", "Choose who you are"),
    ("1A", "A relative of the child"),
    ("1B", "A neighbour, friend or someone who knows the family"),
    ("1C", "The child or young person"),
    ("1D", "Someone else"),
]


class PublicReferrerForm(ReferrerForm):
    """A named member of the public: a name and a way to reach them, no organisation."""

    referral_source = forms.ChoiceField(
        label="Who are you?",
        choices=PUBLIC_SOURCE_CHOICES,
        error_messages={"required": "Select who you are", "invalid_choice": "Select who you are"},
    )

    def clean_phone(self) -> str:
        return super().clean_phone() if self.cleaned_data.get("phone", "").strip() else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_email = cleaned.get("email") or "email" in self.errors
        if not has_email and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", "Enter a telephone number or an email address, so a social worker can reach you"
            )
        return cleaned


_optional(PublicReferrerForm, "role", "email", "phone")
PublicReferrerForm.base_fields["email"].help_text = "We will send your reference number here."


class AnonymousReferrerForm(ReferrerForm):
    """Nothing about the referrer is needed: a way to reach them is welcome, their name is not asked for."""

    referral_source = forms.ChoiceField(
        required=False, choices=[("9", "Anonymous")], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].widget.input_type = "tel"

    def clean_phone(self) -> str:
        return super().clean_phone() if self.cleaned_data.get("phone", "").strip() else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["name"] = ""
        cleaned["role"] = "Member of the public (anonymous)"
        cleaned["referral_source"] = "9"
        return cleaned


del AnonymousReferrerForm.base_fields["name"]
del AnonymousReferrerForm.base_fields["role"]
del AnonymousReferrerForm.base_fields["agency"]
_optional(AnonymousReferrerForm, "email", "phone")
AnonymousReferrerForm.base_fields[
    "email"
].help_text = "Only if you would like your reference number. We will not tell the family who you are."
AnonymousReferrerForm.base_fields[
    "phone"
].help_text = "Only if a social worker may call you to ask what you saw or heard. You do not have to give it."


# --------------------------------------------------------------------------------------------- others
class SaveForLaterForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send you a link to carry on with your request. It works for 28 days.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class SubmitRequestForm(IdempotentFormMixin, HoneypotFormMixin, forms.Form):
    pass


MAX_DEFINITION_BYTES = 512 * 1024


class UploadDefinitionForm(forms.Form):
    file = forms.FileField(
        label="Upload a definition file",
        error_messages={"required": "Select a definition file", "empty": "The selected file is empty"},
    )
    make_live = _radios(
        "Make it live now?",
        [("yes", "Yes, referrers use it from now on"), ("no", "No, keep it to make live later")],
        error="Select if the new version should go live now",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError("The selected file must be a .yaml or .yml file")
        if upload.size > MAX_DEFINITION_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 512 KB")
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("The selected file must be text saved as UTF-8") from None
        if not text.strip():
            raise forms.ValidationError("The selected file is empty")
        return text
