from django.urls import path

from . import sso, staff_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-in/code/", views.enter_code, name="enter_code"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("two-factor/set-up/", views.set_up_second_factor, name="set_up_second_factor"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/", views.account, name="account"),
    path("account/sessions/<uuid:session_id>/end/", views.end_session, name="end_session"),
    path("account/sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    # Administrators manage staff accounts
    path("accounts/", staff_views.staff_list, name="staff_list"),
    path("accounts/new/", staff_views.staff_new, name="staff_new"),
    path("accounts/<uuid:pk>/", staff_views.staff_member, name="staff_member"),
    path("accounts/<uuid:pk>/close/", staff_views.staff_close, name="staff_close"),
    path(
        "accounts/<uuid:pk>/reset-second-factor/",
        staff_views.staff_reset_second_factor,
        name="staff_reset_second_factor",
    ),
    path("accounts/<uuid:pk>/end-sessions/", staff_views.staff_end_sessions, name="staff_end_sessions"),
    # Council single sign-on (404 unless configured)
    path("sign-in/council/", sso.start, name="sso_start"),
    path("sign-in/council/callback/", sso.callback, name="sso_callback"),
    path("sign-in/council/not-recognised/", views.sso_not_recognised, name="sso_not_recognised"),
]
