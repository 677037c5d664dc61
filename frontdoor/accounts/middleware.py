from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import mfa

# The pages a person signed in with only a password may open: to finish signing in, or to leave
OPEN_BEFORE_SECOND_FACTOR = {
    "sign_in",
    "sign_out",
    "signed_out",
    "set_up_second_factor",
    "enter_code",
    "password_reset",
    "password_reset_sent",
    "password_reset_confirm",
    "password_reset_complete",
    "sso_start",
    "sso_callback",
    "sso_not_recognised",
}


class RequireSecondFactorMiddleware:
    """Staff pages need a session that has passed the second factor. A password alone leads only to
    setting up the authenticator app (first sign-in) or entering its code. After django-otp's OTPMiddleware."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if not request.path.startswith("/staff/") or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match and match.namespace == "accounts" and match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if mfa.is_verified(request):
            return None
        step = (
            "accounts:enter_code" if mfa.has_second_factor(request.user) else "accounts:set_up_second_factor"
        )
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
