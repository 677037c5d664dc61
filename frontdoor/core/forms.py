"""Form fields that behave as the GOV.UK Design System asks (error wording, the date input pattern)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone


class GovukDateWidget(forms.MultiWidget):
    template_name = "govuk/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        super().__init__(
            [forms.TextInput(numeric), forms.TextInput(numeric), forms.TextInput(numeric)], attrs
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.Field):
    """Day, month and year boxes. Messages follow the GOV.UK date input pattern."""

    widget = GovukDateWidget

    def __init__(self, *, must_be_past: bool = False, must_be_future: bool = False, **kwargs: Any) -> None:
        self.must_be_past = must_be_past
        self.must_be_future = must_be_future
        super().__init__(**kwargs)

    def _name(self) -> str:
        return str(self.label or "Date")

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not any(parts):
            return None
        day, month, year = parts
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"{self._name()} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{self._name()} must be a real date")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self._name()} must be a real date") from None

    def validate(self, value: datetime.date | None) -> None:
        if value is None:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return
        today = timezone.localdate()
        if self.must_be_past and value > today:
            raise forms.ValidationError(f"{self._name()} must be today or in the past")
        if self.must_be_future and value < today:
            raise forms.ValidationError(f"{self._name()} must be today or in the future")
        if value.year < 1900:
            raise forms.ValidationError(f"{self._name()} must be after 1900")


class IdempotentFormMixin(forms.Form):
    """A hidden key set when the form is first shown, so a double submit is recognised as the same one."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
