from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters

from frontdoor.core.errors import Refused

from . import mfa
from .forms import EnterCodeForm, SetUpCodeForm, SignInForm

RECOVERY_CODES_SESSION_KEY = "frontdoor_recovery_codes_to_show"


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": settings.FRONTDOOR_SSO_ENABLED,
            "sso_provider_name": settings.FRONTDOOR_SSO_PROVIDER_NAME,
        }


class SignOutView(auth_views.LogoutView):
    pass


def signed_out(request):
    return render(request, "accounts/signed_out.html")


def _next(request) -> str:  # type: ignore[no-untyped-def]
    """Where to go once the second factor is done: the page asked for, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return str(target)
    return str(resolve_url(settings.LOGIN_REDIRECT_URL))


def _to(name: str, request) -> str:  # type: ignore[no-untyped-def]
    return f"{resolve_url(name)}?{urlencode({'next': _next(request)})}"


@login_required
@sensitive_post_parameters("code")
def set_up_second_factor(request):
    """First sign-in: scan the QR code (or type the key), then prove it with a code from the app."""
    if mfa.has_second_factor(request.user):
        return redirect(_to("accounts:enter_code", request))
    device = mfa.start_enrolment(request.user)
    form = SetUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = mfa.confirm_enrolment(request, request.user, form.cleaned_data["code"])
        except Refused as refused:
            form.add_error("code", refused.message)
        else:
            request.session[RECOVERY_CODES_SESSION_KEY] = enrolled.recovery_codes
            return redirect(_to("accounts:recovery_codes", request))
    return render(
        request,
        "accounts/set_up_second_factor.html",
        {
            "form": form,
            "qr_code": mfa.qr_code_svg(device),
            "secret": mfa.secret_for_people(device),
            "next": _next(request),
        },
    )


@login_required
def recovery_codes(request):
    """The recovery codes, shown once: reloading the page shows them no more."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@login_required
@sensitive_post_parameters("code")
def enter_code(request):
    if mfa.is_verified(request):
        return redirect(_next(request))
    if not mfa.has_second_factor(request.user):
        return redirect(_to("accounts:set_up_second_factor", request))
    form = EnterCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, request.user, form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error(
            "code",
            "The code is not right, or was used already. Wait for the next code and try again.",
        )
    return render(request, "accounts/enter_code.html", {"form": form, "next": _next(request)})


def sso_not_recognised(request):
    """The council's provider signed the person in, but no active staff account has their email address."""
    if not settings.FRONTDOOR_SSO_ENABLED:
        raise Http404
    return render(request, "accounts/sso_not_recognised.html")
