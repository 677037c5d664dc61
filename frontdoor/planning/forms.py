from __future__ import annotations

from django import forms

from .queries import WEEKDAYS, half_hours

DAY_CHOICES = [(str(i), name) for i, name in enumerate(WEEKDAYS)]


class CallFileForm(forms.Form):
    file = forms.FileField(
        label="Call figures (CSV)",
        help_text="One row per half-hour, with the columns listed below.",
        error_messages={
            "required": "Select a CSV file of call figures",
            "empty": "The selected file is empty",
        },
    )


class PlannerForm(forms.Form):
    day = forms.ChoiceField(label="Day of the week", choices=DAY_CHOICES, initial="0")
    share = forms.FloatField(
        label="Share of calls to answer (%)",
        initial=80,
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the share of calls to answer",
            "invalid": "Enter the share as a number, like 80",
            "min_value": "Enter a share between 1% and 99.9%",
            "max_value": "Enter a share of 100% or less",
        },
    )
    wait = forms.FloatField(
        label="Within (seconds)",
        initial=20,
        min_value=0,
        max_value=3600,
        error_messages={
            "required": "Enter the target wait in seconds",
            "invalid": "Enter the wait as a number of seconds, like 20",
            "min_value": "Enter a wait of 0 seconds or more",
            "max_value": "Enter a wait of an hour or less",
        },
    )


class RotaForm(forms.Form):
    def __init__(self, *args, current=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        current = current or {}
        self.slots = half_hours()
        for slot in self.slots:
            name = slot.strftime("h%H%M")
            self.fields[name] = forms.IntegerField(
                label=f"{slot:%H:%M}",
                min_value=0,
                max_value=500,
                required=False,
                initial=current.get(slot),
                error_messages={
                    "invalid": f"Enter the handlers at {slot:%H:%M} as a whole number",
                    "min_value": f"The handlers at {slot:%H:%M} cannot be negative",
                    "max_value": f"Enter 500 or fewer handlers at {slot:%H:%M}",
                },
            )

    def handlers(self):  # type: ignore[no-untyped-def]
        return {
            slot: self.cleaned_data[slot.strftime("h%H%M")]
            for slot in self.slots
            if self.cleaned_data.get(slot.strftime("h%H%M")) is not None
        }


class SinceForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label="Period",
        choices=[("4", "Last 4 weeks"), ("13", "Last 13 weeks"), ("52", "Last 52 weeks")],
        coerce=int,
        initial="13",
        required=False,
    )
