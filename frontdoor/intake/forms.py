from django import forms

from frontdoor.core.codes import ReferralSource, choices
from frontdoor.core.forms import GovukDateField, IdempotentFormMixin

# Referrers choose who they are; we record the CIN census source code behind it
_SOURCE_CHOICES = [("", "Choose where you work or who you are")] + [
    (value, label) for value, label in choices(ReferralSource) if value not in ("9", "10")
]


class OnlineConcernForm(IdempotentFormMixin, forms.Form):
    child_given_name = forms.CharField(
        label="Child's first name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    child_family_name = forms.CharField(
        label="Child's last name", max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    child_date_of_birth = GovukDateField(
        label="Child's date of birth",
        help_text="For example, 27 3 2019. If you do not know it, leave it blank and tell us their age below.",
        required=False,
        must_be_past=True,
    )
    concern = forms.CharField(
        label="What are you worried about?",
        help_text="Tell us what happened, when, and how you know. Say where the child is now.",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what you are worried about",
            "max_length": "What you are worried about must be 5,000 characters or fewer",
        },
    )
    referrer_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    referrer_email = forms.EmailField(
        label="Your email address",
        help_text="We will send you a reference number and tell you what we decide.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    referrer_agency = forms.CharField(
        label="Organisation (optional)",
        help_text="For example, the name of the school or GP practice.",
        max_length=200,
        required=False,
    )
    referral_source = forms.ChoiceField(
        label="Who are you?",
        choices=_SOURCE_CHOICES,
        error_messages={"required": "Select who you are", "invalid_choice": "Select who you are"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["referrer_name"].widget.attrs["autocomplete"] = "name"
        self.fields["referrer_email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["referrer_agency"].widget.attrs["autocomplete"] = "organization"
        self.fields["child_given_name"].widget.attrs["spellcheck"] = "false"
        self.fields["child_family_name"].widget.attrs["spellcheck"] = "false"
