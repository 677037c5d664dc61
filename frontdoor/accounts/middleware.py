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


class SessionLifetimeMiddleware:
    """A staff session ends after FRONTDOOR_SESSION_ABSOLUTE_SECONDS however busy it is (the idle timeout is
    Django's SESSION_COOKIE_AGE), and every signed-in request is recorded against the person's session list."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        from django.contrib import messages
        from django.contrib.auth import logout

        from . import sessions

        if request.user.is_authenticated:
            if sessions.has_outlived(request):
                logout(request)
                hours = sessions.absolute_lifetime().total_seconds() / 3600
                messages.info(
                    request, f"You were signed in for {hours:g} hours, so we signed you out. Sign in again."
                )
                return redirect(reverse("accounts:sign_in"))
            sessions.seen(request)
        return self.get_response(request)
