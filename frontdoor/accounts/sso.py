"""Single sign-on with the council's identity provider (OpenID Connect, authorization code flow), through
mozilla-django-oidc. Off unless FRONTDOOR_SSO_ENABLED; a person is matched by email to an existing, active
staff account and never created: roles and teams come only from an administrator (docs/adr/0021)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import mfa


def enabled() -> bool:
    return bool(settings.FRONTDOOR_SSO_ENABLED)


class CouncilSignOnBackend(OIDCAuthenticationBackend):
    """Listed always, inert while single sign-on is off (mozilla-django-oidc's own __init__ insists on the
    provider's addresses)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if enabled():
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):  # type: ignore[no-untyped-def]
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):  # type: ignore[no-untyped-def]
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return self.UserModel.objects.none()
        users = self.UserModel.objects.filter(email__iexact=email, is_active=True)
        if not settings.FRONTDOOR_ALLOW_DEMO_USERS:
            users = users.filter(is_demo=False)
        return users

    def create_user(self, claims):  # type: ignore[no-untyped-def]
        return None  # never: an administrator creates staff accounts (OIDC_CREATE_USER is off too)

    def update_user(self, user, claims):  # type: ignore[no-untyped-def]
        return user  # the provider's name does not overwrite ours


class _Start(OIDCAuthenticationRequestView):
    pass


class _Callback(OIDCAuthenticationCallbackView):
    def login_success(self):  # type: ignore[no-untyped-def]
        response = super().login_success()
        self.request.session[mfa.SSO_SESSION_KEY] = True
        return response


def start(request):  # type: ignore[no-untyped-def]
    if not enabled():
        raise Http404
    return _Start.as_view()(request)


def callback(request):  # type: ignore[no-untyped-def]
    if not enabled():
        raise Http404
    return _Callback.as_view()(request)
