from django import forms

from frontdoor.core.codes import Outcome, choices


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is your decision?",
        choices=choices(Outcome),
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision", "invalid_choice": "Select a decision"},
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
    version = forms.IntegerField(widget=forms.HiddenInput)
