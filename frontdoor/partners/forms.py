from django import forms

from frontdoor.accounts.models import Team
from frontdoor.core.forms import IdempotentFormMixin

from .models import Scope


class IssueTokenForm(IdempotentFormMixin, forms.Form):
    partner = forms.CharField(
        label="Partner system",
        help_text="The organisation and its system, for example Northshire Health Safeguarding",
        max_length=200,
        error_messages={"required": "Enter the partner system's name"},
    )
    team = forms.ChoiceField(
        label="Whose contacts it reads",
        error_messages={"required": "Select the team whose contacts it reads"},
    )
    scopes = forms.MultipleChoiceField(
        label="What it may read",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the token may read"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [
            ("", "Select a team"),
            *Team.objects.order_by("name").values_list("slug", "name"),
        ]
