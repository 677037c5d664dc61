from datetime import date, timedelta

from django import forms

from frontdoor.core.forms import GovukDateField

MAX_DAYS = 731


def default_period(today: date) -> tuple[date, date]:
    """The last eight weeks, Monday to today."""
    return today - timedelta(days=today.weekday() + 49), today


class PeriodForm(forms.Form):
    start = GovukDateField(
        label="From", must_be_past=True, error_messages={"required": "Enter the first day of the period"}
    )
    end = GovukDateField(label="To", error_messages={"required": "Enter the last day of the period"})
    team = forms.ChoiceField(label="Team", required=False)

    def __init__(self, *args, teams, allow_all: bool, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [("", "Every team")] if allow_all else []
        self.fields["team"].choices = choices + [(team.slug, team.name) for team in teams]

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day")
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", "The period must be 2 years or shorter")
        return cleaned


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to export?",
        widget=forms.RadioSelect,
        choices=[
            ("cin_census", "Children in Need census (XML, referrals part)"),
            ("annex_a", "Ofsted Annex A lists 1 to 3 (XLSX)"),
            ("ssd", "Standard Safeguarding Dataset extract (CSV files, zipped)"),
        ],
        error_messages={"required": "Select what you want to export"},
    )
    year = forms.IntegerField(
        label="Census collection year (for the CIN census)",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="The year the census ends: 2025 covers 1 April 2024 to 31 March 2025",
        error_messages={"invalid": "Collection year must be a number, like 2025"},
    )
    as_of = GovukDateField(
        label="Last day of the six months (for Annex A)", required=False, must_be_past=True
    )

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        if cleaned.get("kind") == "cin_census" and not cleaned.get("year") and "year" not in self.errors:
            self.add_error("year", "Enter the census collection year")
        if cleaned.get("kind") == "annex_a" and not cleaned.get("as_of") and "as_of" not in self.errors:
            self.add_error("as_of", "Enter the last day of the six months")
        return cleaned


def current_census_year(today: date) -> int:
    """The collection year that holds today (named by its end: April 2026 to March 2027 is 2027)."""
    return today.year + (today.month > 3)


class ReadinessForm(forms.Form):
    year = forms.IntegerField(
        label="Census collection year",
        min_value=2000,
        max_value=2100,
        help_text="The year the census ends: 2026 covers 1 April 2025 to 31 March 2026",
        # a text box, as the GOV.UK Design System advises for numbers (no spinner, nothing lost on scroll)
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the census collection year",
            "invalid": "Collection year must be a number, like 2026",
            "min_value": "Collection year must be 2000 or later",
            "max_value": "Collection year must be 2100 or earlier",
        },
    )
