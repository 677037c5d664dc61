from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms

from frontdoor.core.forms import GovukDateField

from . import postcodes, schedules
from .models import Location, Organization, TaxonomyTerm
from .queries import MAX_QUERY_LENGTH, top_level_categories

DAY_CHOICES = [(code, schedules.DAY_NAMES[code]) for code in schedules.DAYS]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _category_choices() -> list[tuple[str, str]]:
    return [("", "Any type of support")] + [(term.code, term.name) for term in top_level_categories()]


class SearchForm(forms.Form):
    """Find support for your family: every field optional, sent by GET so results can be bookmarked."""

    postcode = forms.CharField(
        label="Postcode",
        help_text="We will show the nearest services first. For example, NS1 1BB",
        required=False,
        max_length=postcodes.MAX_INPUT_LENGTH,
        error_messages={"max_length": "Postcode must be 8 characters or fewer, like NS1 2AB"},
    )
    category = forms.ChoiceField(label="Type of support", required=False)
    age = forms.IntegerField(
        label="Age of child (optional)",
        help_text="In years. Enter 0 for a baby under 1",
        required=False,
        min_value=0,
        max_value=25,
        error_messages={
            "invalid": "Age of child must be a whole number of years, like 4",
            "min_value": "Age of child must be 0 or more",
            "max_value": "Age of child must be 25 or less",
        },
    )
    cost = forms.ChoiceField(
        label="Cost", required=False, choices=[("", "Free or paid"), ("free", "Free only")]
    )
    day = forms.ChoiceField(label="Day", required=False, choices=[("", "Any day"), *DAY_CHOICES])
    q = forms.CharField(
        label="Keywords (optional)",
        help_text="For example, baby, autism or money",
        required=False,
        max_length=100,
        error_messages={"max_length": "Keywords must be 100 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code", "spellcheck": "false"})
        self.fields["age"].widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def clean_category(self) -> str:
        return self.cleaned_data["category"] or ""


def _time_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="Use the 24-hour clock, for example 09:30 or 17:00",
        required=False,
        max_length=8,
    )


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Service name", max_length=255, error_messages={"required": "Enter the service name"}
    )
    organization = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organization.objects.all(),
        empty_label="Choose the organisation",
        error_messages={"required": "Select the organisation", "invalid_choice": "Select the organisation"},
    )
    description = forms.CharField(
        label="Description",
        help_text="What the service does and who it is for, in plain English",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter a description"},
    )
    categories = forms.MultipleChoiceField(
        label="Categories",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one category"},
    )
    minimum_age = forms.IntegerField(
        label="Youngest age (optional)",
        required=False,
        min_value=0,
        max_value=130,
        error_messages={"invalid": "Youngest age must be a whole number"},
    )
    maximum_age = forms.IntegerField(
        label="Oldest age (optional)",
        required=False,
        min_value=0,
        max_value=130,
        error_messages={"invalid": "Oldest age must be a whole number"},
    )
    is_free = forms.ChoiceField(
        label="Is the service free?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the service is free"},
    )
    fees_description = forms.CharField(
        label="Cost (if not free)", help_text="For example, £3 per session", required=False, max_length=2000
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    url = forms.URLField(
        label="Website (optional)",
        assume_scheme="https",
        required=False,
        max_length=500,
        error_messages={"invalid": "Enter a website address starting https://"},
    )
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=50)
    locations = forms.MultipleChoiceField(
        label="Where it runs (optional)",
        help_text="Leave empty for a service by phone or online",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.MultipleChoiceField(
        label="Days it runs (optional)",
        required=False,
        choices=DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = _time_field("Opens at")
    closes_at = _time_field("Closes at")
    assured_date = GovukDateField(
        label="Last reviewed",
        help_text="When the details were last checked with the service, for example 27 3 2026",
        must_be_past=True,
        error_messages={"required": "Enter the date the details were last checked"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = TaxonomyTerm.objects.filter(parent__isnull=False, parent__parent__isnull=True).select_related(
            "parent"
        )
        self.fields["categories"].choices = [
            (str(term.id), f"{term.parent.name}: {term.name}")  # type: ignore[union-attr]
            for term in sorted(terms, key=lambda t: (t.parent.position, t.position))  # type: ignore[union-attr]
        ]
        self.fields["locations"].choices = [
            (str(location.id), location.name)
            for location in Location.objects.filter(is_active=True).order_by("-is_family_hub", "name")
        ]
        for name in ("minimum_age", "maximum_age"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["phone"].widget.attrs["autocomplete"] = "off"

    def _time(self, name: str) -> datetime.time | None:
        raw = self.cleaned_data.get(name) or ""
        if not raw:
            return None
        parsed = schedules.parse_time(raw)
        if parsed is None:
            self.add_error(name, f"{self.fields[name].label} must be a time like 09:30")
        return parsed

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        minimum, maximum = data.get("minimum_age"), data.get("maximum_age")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error("maximum_age", "Oldest age must be the same as or more than the youngest age")
        if data.get("is_free") == "no" and not data.get("fees_description"):
            self.add_error("fees_description", "Enter what the service costs")
        opens, closes = self._time("opens_at"), self._time("closes_at")
        data["opens_time"], data["closes_time"] = opens, closes
        if data.get("days") and (opens is None or closes is None):
            if opens is None and "opens_at" not in self.errors:
                self.add_error("opens_at", "Enter the time it opens")
            if closes is None and "closes_at" not in self.errors:
                self.add_error("closes_at", "Enter the time it closes")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "Closing time must be after the opening time")
        data["term_ids"] = [uuid.UUID(v) for v in data.get("categories", [])]
        data["location_ids"] = [uuid.UUID(v) for v in data.get("locations", [])]
        return data


class LocationForm(forms.Form):
    name = forms.CharField(
        label="Name of the place", max_length=255, error_messages={"required": "Enter the name"}
    )
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea, required=False, max_length=5000
    )
    address_1 = forms.CharField(
        label="Address line 1", max_length=255, error_messages={"required": "Enter address line 1"}
    )
    address_2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=255)
    city = forms.CharField(
        label="Town or city", max_length=255, error_messages={"required": "Enter the town or city"}
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=postcodes.MAX_INPUT_LENGTH,
        error_messages={
            "required": "Enter the postcode",
            "max_length": "Enter a real postcode, like NS1 2AB",
        },
    )
    latitude = forms.FloatField(
        label="Latitude (optional)",
        help_text="Leave blank to use the centre of the postcode",
        required=False,
        min_value=-90,
        max_value=90,
        error_messages={"invalid": "Latitude must be a number, like 54.6"},
    )
    longitude = forms.FloatField(
        label="Longitude (optional)",
        required=False,
        min_value=-180,
        max_value=180,
        error_messages={"invalid": "Longitude must be a number, like -1.9"},
    )
    is_family_hub = forms.ChoiceField(
        label="Is this a family hub?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if this is a family hub"},
    )

    def clean_postcode(self) -> str:
        normalised = postcodes.normalise(self.cleaned_data["postcode"])
        if normalised is None:
            raise forms.ValidationError("Enter a real postcode, like NS1 2AB")
        return normalised

    def clean(self) -> dict[str, Any]:
        from .queries import Origin, locate

        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                "Enter both latitude and longitude, or neither",
            )
        elif latitude is None and data.get("postcode"):
            located = locate(data["postcode"])
            if isinstance(located, Origin):
                data["latitude"], data["longitude"] = located.latitude, located.longitude
            else:
                self.add_error(
                    "latitude",
                    f"We do not know where {data['postcode']} is: enter the latitude and longitude",
                )
        return data


MAX_SEARCH_LENGTH = MAX_QUERY_LENGTH
