"""Administrators manage staff accounts: list, add, change role and team, close, reset the app, sign out."""

from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Role, StaffSession, User
from frontdoor.core.models import AuditEvent
from frontdoor.notify.models import OutboxMessage
from tests.conftest import give_second_factor, signed_in


def new_account(**overrides):
    data = {
        "username": "sam.smith",
        "first_name": "Sam",
        "last_name": "Smith",
        "email": "sam.smith@northshire.example",
        "role": Role.SOCIAL_WORKER,
        "team": "",
    }
    return {**data, **overrides}


def test_only_administrators_see_staff_accounts(client, social_worker, team_manager, analyst, administrator):
    for user in (social_worker, team_manager, analyst):
        assert signed_in(Client(), user).get(reverse("accounts:staff_list")).status_code == 403
    page = signed_in(client, administrator).get(reverse("accounts:staff_list"))
    assert page.status_code == 200 and "sw.chat" in page.content.decode()
    assert client.get(f"{reverse('accounts:staff_list')}?q=tm.").content.decode().count("tm.chat") == 1


def test_an_administrator_adds_an_account_and_the_person_is_emailed_a_link(client, administrator, chat):
    signed_in(client, administrator)
    url = reverse("accounts:staff_new")
    missing_team = client.post(url, new_account())
    assert "Choose a team" in missing_team.content.decode()
    assert 'value="sam.smith@northshire.example"' in missing_team.content.decode()  # nothing typed is lost
    response = client.post(url, new_account(team=str(chat.pk)), follow=True)
    assert "Account made for Sam Smith" in response.content.decode()
    sam = User.objects.get(username="sam.smith")
    assert (sam.role, sam.team, sam.has_usable_password()) == (Role.SOCIAL_WORKER, chat, False)
    email = OutboxMessage.objects.get(to="sam.smith@northshire.example")
    assert "/staff/password-reset/" in email.body and "authenticator app" in email.body
    assert AuditEvent.objects.get(action="accounts.staff_created").actor == administrator
    # a double submit makes no second account
    again = client.post(url, new_account(team=str(chat.pk)))
    assert "There is already an account with this username" in again.content.decode()
    assert User.objects.filter(username="sam.smith").count() == 1


def test_two_accounts_cannot_share_an_email_address(client, administrator, social_worker, chat):
    social_worker.email = "tom@northshire.example"
    social_worker.save()
    signed_in(client, administrator)
    response = client.post(
        reverse("accounts:staff_new"), new_account(email="TOM@northshire.example", team=chat.pk)
    )
    assert "Another staff account has this email address" in response.content.decode()


def test_changing_role_and_team_is_audited(client, administrator, social_worker, fast):
    signed_in(client, administrator)
    url = reverse("accounts:staff_member", args=[social_worker.pk])
    response = client.post(
        url,
        {
            "first_name": "Sw",
            "last_name": "Tester",
            "email": "sw@northshire.example",
            "role": Role.TEAM_MANAGER,
            "team": str(fast.pk),
        },
        follow=True,
    )
    assert "account has been changed" in response.content.decode()
    social_worker.refresh_from_db()
    assert (social_worker.role, social_worker.team) == (Role.TEAM_MANAGER, fast)
    event = AuditEvent.objects.get(action="accounts.staff_changed")
    assert event.before["role"] == Role.SOCIAL_WORKER and event.after["role"] == Role.TEAM_MANAGER


def test_an_administrator_cannot_demote_or_close_themselves(client, administrator):
    signed_in(client, administrator)
    url = reverse("accounts:staff_member", args=[administrator.pk])
    response = client.post(
        url, {"first_name": "A", "last_name": "B", "email": "a@northshire.example", "role": Role.ANALYST}
    )
    assert "You cannot take away your own administrator role" in response.content.decode()
    closed = client.post(
        reverse("accounts:staff_close", args=[administrator.pk]), {"active": "no"}, follow=True
    )
    assert "You cannot close your own account" in closed.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.role == Role.ADMINISTRATOR


def test_closing_an_account_signs_the_person_out_and_keeps_them_out(client, administrator, social_worker):
    theirs = Client()
    signed_in(theirs, social_worker).get("/staff/")
    signed_in(client, administrator)
    response = client.post(
        reverse("accounts:staff_close", args=[social_worker.pk]), {"active": "no"}, follow=True
    )
    assert "account has been closed and signed out" in response.content.decode()
    assert theirs.get("/staff/").status_code == 302
    social_worker.refresh_from_db()
    assert not social_worker.is_active
    assert AuditEvent.objects.filter(action="accounts.staff_closed").count() == 1
    client.post(reverse("accounts:staff_close", args=[social_worker.pk]), {"active": "no"})  # double submit
    assert AuditEvent.objects.filter(action="accounts.staff_closed").count() == 1
    client.post(reverse("accounts:staff_close", args=[social_worker.pk]), {"active": "yes"})
    social_worker.refresh_from_db()
    assert social_worker.is_active


def test_resetting_the_app_makes_the_person_set_up_again(client, administrator, social_worker):
    theirs = Client()
    signed_in(theirs, social_worker).get("/staff/")
    signed_in(client, administrator)
    client.post(reverse("accounts:staff_reset_second_factor", args=[social_worker.pk]))
    assert not social_worker.totpdevice_set.exists()
    assert theirs.get("/staff/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.reset_second_factor").exists()


def test_an_administrator_signs_someone_out_everywhere(client, administrator, social_worker):
    theirs = Client()
    signed_in(theirs, social_worker).get("/staff/")
    signed_in(client, administrator)
    page = client.get(reverse("accounts:staff_member", args=[social_worker.pk])).content.decode()
    assert "Sign them out everywhere" in page
    client.post(reverse("accounts:staff_end_sessions", args=[social_worker.pk]))
    assert theirs.get("/staff/").status_code == 302
    assert StaffSession.objects.get(user=social_worker).ended_by == administrator


def test_others_cannot_use_the_account_actions(client, team_manager, social_worker):
    give_second_factor(social_worker)
    signed_in(client, team_manager)
    for name in ["staff_close", "staff_reset_second_factor", "staff_end_sessions"]:
        assert (
            client.post(reverse(f"accounts:{name}", args=[social_worker.pk]), {"active": "no"}).status_code
            == 403
        )
    assert client.get(reverse("accounts:staff_new")).status_code == 403
    social_worker.refresh_from_db()
    assert social_worker.is_active and social_worker.totpdevice_set.exists()
