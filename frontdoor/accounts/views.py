from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from frontdoor.core.errors import Refused

from . import mfa, passwords
from . import sessions as staff_sessions
from .forms import (
    ChangePasswordForm,
    EnterCodeForm,
    NewPasswordForm,
    ResetRequestForm,
    SetUpCodeForm,
    SignInForm,
)
from .models import StaffSession
from .presenters import present_sessions

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
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        staff_sessions.signing_out(request)
        return super().post(request, *args, **kwargs)


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
        try:
            if mfa.verify(request, request.user, form.cleaned_data["code"]):
                return redirect(_next(request))
            form.add_error(
                "code",
                "The code is not right, or was used already. Wait for the next code and try again.",
            )
        except Refused as refused:
            form.add_error("code", refused.message)
    return render(request, "accounts/enter_code.html", {"form": form, "next": _next(request)})


def sso_not_recognised(request):
    """The council's provider signed the person in, but no active staff account has their email address."""
    if not settings.FRONTDOOR_SSO_ENABLED:
        raise Http404
    return render(request, "accounts/sso_not_recognised.html")


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The same page follows whether or not the address has an account."""

    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # the person signs in again, with their second factor

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        passwords.password_changed(user=form.user, how="reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        passwords.password_changed(user=form.user, how="changed")
        messages.success(self.request, "Your password has been changed")
        return response


@login_required
def account(request):
    """Your account: who you are here, your password, and where you are signed in."""
    current = request.session.session_key
    records = list(staff_sessions.active_for(request.user))
    return render(
        request,
        "accounts/account.html",
        {
            "sessions": present_sessions(records, current),
            "others": any(r.session_key != current for r in records),
        },
    )


@login_required
@require_POST
def end_session(request, session_id):
    record = get_object_or_404(StaffSession, pk=session_id, user=request.user)
    staff_sessions.end_session(actor=request.user, record=record)
    if record.session_key == request.session.session_key:
        return redirect("accounts:signed_out")
    messages.success(request, "That session has ended")
    return redirect("accounts:account")


@login_required
@require_POST
def end_other_sessions(request):
    ended = staff_sessions.end_all_sessions(
        actor=request.user, user=request.user, except_key=request.session.session_key
    )
    messages.success(request, f"{ended} other session{'' if ended == 1 else 's'} ended")
    return redirect("accounts:account")
