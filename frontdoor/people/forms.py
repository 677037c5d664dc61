from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.core.forms import GovukDateField

from .codes import Disability, Ethnicity, RelationshipKind, Sex
from .matching.normalise import nhs_number_status, postcode_status, upn_status
from .services import PersonDetails


class PersonForm(forms.Form):
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    middle_names = forms.CharField(label="Middle names (optional)", max_length=200, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", must_be_past=True, required=False, help_text="For example, 27 3 2015"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn child)", required=False, help_text="Only for an unborn child"
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, required=False)
    ethnicity = forms.ChoiceField(
        label="Ethnicity (optional)", choices=[("", "Not recorded")] + list(Ethnicity.choices), required=False
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=14,
        required=False,
        help_text="10 digits, for example 943 476 5919",
    )
    upn = forms.CharField(label="Unique pupil number (UPN) (optional)", max_length=15, required=False)
    disabilities = forms.MultipleChoiceField(
        label="Disability (optional)",
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="As the CIN census records it. Select all that apply, or No disability.",
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    school = forms.CharField(label="School or nursery (optional)", max_length=200, required=False)
    gp_practice = forms.CharField(label="GP practice (optional)", max_length=200, required=False)

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"]
        if nhs_number_status(value)[0] == "malformed":
            raise forms.ValidationError("Enter a valid NHS number: 10 digits, the last one a check digit")
        return str(value)

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"]
        if upn_status(value)[0] == "malformed":
            raise forms.ValidationError("Enter a valid UPN: a letter, 11 digits, then a digit or a letter")
        return str(value)

    def clean_disabilities(self) -> str:
        codes = list(self.cleaned_data["disabilities"] or [])
        if Disability.NONE in codes and len(codes) > 1:
            raise forms.ValidationError("Select No disability on its own, or the disabilities the child has")
        return " ".join(codes)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if postcode_status(value)[0] == "malformed":
            raise forms.ValidationError("Enter a real postcode")
        return str(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(
            data.get(f) for f in ("given_name", "family_name", "date_of_birth", "nhs_number", "upn")
        ) and not (self.errors):
            raise forms.ValidationError("Enter a name, a date of birth or an identifier")
        return data

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            **{name: data.get(name) or ("" if name not in _DATES else None) for name in _FIELDS}
        )


_DATES = {"date_of_birth", "expected_date_of_birth"}
_FIELDS = [f for f in PersonForm.base_fields]


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label="Which record should be kept?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the record to keep",
            "invalid_choice": "Select the record to keep",
        },
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why these are the same person"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = choices


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label="Why are these different people?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why these are different people"},
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, the contact you are logging and why it cannot wait for the other team. "
        "Your reason is kept in the access log and shown to the other team's managers.",
        error_messages={"required": "Enter why you need to open this record"},
    )


class EditPersonForm(PersonForm):
    """A person's details, with the record's ``version`` so a change made meanwhile is not overwritten."""

    date_of_death = GovukDateField(
        label="Date of death (if they have died)", must_be_past=True, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    field_order = _FIELDS[:5] + ["date_of_death"]

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        dates = _DATES | {"date_of_death"}
        names = _FIELDS + ["date_of_death"]
        return PersonDetails(
            **{name: data.get(name) or ("" if name not in dates else None) for name in names}
        )


OTHER_NAME_KINDS = [("alias", "Also known as"), ("previous", "Previous name")]


class OtherNameForm(forms.Form):
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    kind = forms.ChoiceField(
        label="What kind of name is it?",
        choices=OTHER_NAME_KINDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of name it is",
            "invalid_choice": "Select what kind of name it is",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not (data.get("given_name", "").strip() or data.get("family_name", "").strip())
            and "given_name" not in self.errors
        ):
            self.add_error("given_name", "Enter a given name or a family name")
        return data


class RelationshipForm(forms.Form):
    relative = forms.CharField(
        label="Person reference of the relative",
        max_length=20,
        help_text="The reference on their record, for example PN-1234-5678. Create their record first if they have none.",
        error_messages={"required": "Enter the person reference of the relative"},
    )
    kind = forms.ChoiceField(
        label="The relative is this person's",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how they are related",
            "invalid_choice": "Select how they are related",
        },
    )
    parental_responsibility = forms.TypedChoiceField(
        label="Does the relative have parental responsibility for this person?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the relative has parental responsibility",
            "invalid_choice": "Select whether the relative has parental responsibility",
        },
    )
    family = forms.ChoiceField(label="Household", widget=forms.RadioSelect, required=False)
    new_family_name = forms.CharField(
        label="Name of the new household",
        max_length=200,
        required=False,
        help_text="For example, the Example family at 1 Test Street",
    )

    def __init__(self, *args: Any, families: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [("", "Not in a household")] + families + [("new", "A new household")]
        self.fields["family"].error_messages["invalid_choice"] = "Select a household"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("family") == "new" and not data.get("new_family_name", "").strip():
            self.add_error("new_family_name", "Enter the name of the new household")
        return data


# The length a name search may be: one letter finds everyone, a pasted paragraph nobody
SEARCH_NAME_MIN, SEARCH_NAME_MAX = 2, 100


class SearchForm(forms.Form):
    """Find a child or adult. Posted, never in the address: children's details stay out of URLs and logs."""

    name = forms.CharField(
        label="Name",
        required=False,
        max_length=500,
        help_text="Given name and family name, for example Ava Example",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", must_be_past=True, required=False, help_text="For example, 27 3 2015"
    )
    nhs_number = forms.CharField(label="NHS number", max_length=500, required=False, help_text="10 digits")
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=500, required=False)
    reference = forms.CharField(
        label="Person record reference", max_length=500, required=False, help_text="For example, PN-7K3M-92QX"
    )
    postcode = forms.CharField(label="Postcode", max_length=500, required=False)

    def clean_name(self) -> str:
        value = " ".join(str(self.cleaned_data["name"]).split())
        if value and len(value) < SEARCH_NAME_MIN:
            raise forms.ValidationError(f"Enter at least {SEARCH_NAME_MIN} letters of the name")
        if len(value) > SEARCH_NAME_MAX:
            raise forms.ValidationError(f"Name must be {SEARCH_NAME_MAX} characters or fewer")
        return value

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"]
        status, canonical = nhs_number_status(value)
        if status == "malformed":
            raise forms.ValidationError("Enter a valid NHS number: 10 digits, the last one a check digit")
        return canonical or ""

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"]
        status, canonical = upn_status(value)
        if status == "malformed":
            raise forms.ValidationError("Enter a valid UPN: a letter, 11 digits, then a digit or a letter")
        return canonical or ""

    def clean_reference(self) -> str:
        from frontdoor.core.references import normalise_reference

        value = str(self.cleaned_data["reference"]).strip()
        if not value:
            return ""
        canonical = normalise_reference(value)
        if canonical is None:
            raise forms.ValidationError("Enter a reference like PN-7K3M-92QX: check each character")
        return canonical

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        status, canonical = postcode_status(value)
        if status == "malformed" or (canonical is not None and canonical.full is None):
            raise forms.ValidationError("Enter a full postcode, for example LS6 2AB")
        return canonical.full if canonical is not None and canonical.full else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(f) for f in self.fields):
            raise forms.ValidationError(
                "Enter a name, a date of birth, an identifier, a reference or a postcode"
            )
        return data
