from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from .models import Role, Team, User


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account cannot sign in. Contact your administrator.",
    }

    username = forms.CharField(
        label="Username", max_length=150, error_messages={"required": "Enter your username"}
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class SetUpCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="The 6-digit code the app shows now",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the 6-digit code, numbers only")
        return code


class EnterCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false"})


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The work email address on your Front Door account",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Django finds the active accounts with this address; the email goes through the outbox."""
        from .passwords import send_reset_link

        for user in self.get_users(self.cleaned_data["email"]):
            send_reset_link(user)


class _GovukPasswordLabels:
    def _govuk_labels(self) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        fields["new_password1"].label = "New password"
        fields["new_password1"].help_text = "At least 12 characters. Not a common password, not only numbers."
        fields["new_password1"].error_messages["required"] = "Enter a new password"
        fields["new_password2"].label = "Confirm new password"
        fields["new_password2"].help_text = ""
        fields["new_password2"].error_messages["required"] = "Enter the new password again"
        if "old_password" in fields:
            fields["old_password"].label = "Current password"
            fields["old_password"].error_messages["required"] = "Enter your current password"


class NewPasswordForm(_GovukPasswordLabels, SetPasswordForm):  # type: ignore[misc]
    error_messages = {"password_mismatch": "The two passwords do not match"}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._govuk_labels()


class ChangePasswordForm(_GovukPasswordLabels, PasswordChangeForm):  # type: ignore[misc]
    error_messages = {
        "password_mismatch": "The two passwords do not match",
        "password_incorrect": "Your current password is not right",
    }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._govuk_labels()


class StaffForm(forms.Form):
    """An administrator's form for a staff account. The username cannot change once made."""

    username = forms.RegexField(
        label="Username",
        max_length=150,
        regex=r"^[a-z0-9.\-_]+$",
        help_text="Lower-case letters, numbers, dots and hyphens, for example sam.smith",
        error_messages={
            "required": "Enter a username",
            "invalid": "Use only lower-case letters, numbers, dots and hyphens in the username",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="They are sent a link here to choose a password; single sign-on finds them by it",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role"},
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.all(),
        required=False,
        empty_label="No team (analysts and administrators)",
        help_text="Needed for contact officers, social workers, early help workers and team managers",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["username"]
        else:
            self.fields["username"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.fields["email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("There is already an account with this username")
        return username
