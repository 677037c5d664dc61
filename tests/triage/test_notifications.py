"""Staff notifications: allocated to you, decision returned, step-up received, Red unclaimed (once), rated Red,
email failed; each links to the page; the header shows the unread count."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from frontdoor.core.codes import Outcome
from frontdoor.intake.models import Contact
from frontdoor.intake.services import ContactEdit, edit_contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage import notifications, services
from frontdoor.triage.models import StaffNotification
from tests.conftest import signed_in
from tests.triage.helpers import decide, oversee

RED = Contact.Urgency.RED


def kinds(user):
    return sorted(StaffNotification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_red_contact_unclaimed_too_long_alerts_the_manager_once(
    chat, team_manager, social_worker, make_contact, settings
):
    settings.FRONTDOOR_RED_UNCLAIMED_ALERT_MINUTES = 30
    waiting = make_contact(chat, urgency=RED, minutes_ago=45)
    make_contact(chat, urgency=RED, minutes_ago=10)  # not yet
    make_contact(chat, urgency=Contact.Urgency.AMBER, minutes_ago=300)  # not Red
    services.claim_contact(contact=make_contact(chat, urgency=RED, minutes_ago=90), user=social_worker)
    assert notifications.alert_red_unclaimed() == 1
    assert notifications.alert_red_unclaimed() == 0  # fires once
    assert notifications.alert_red_unclaimed(timezone.now() + timedelta(hours=2)) == 1  # the other one, later
    alert = StaffNotification.objects.filter(contact=waiting).get()
    assert alert.recipient == team_manager and alert.kind == "red_unclaimed"
    assert "45 minutes" in alert.text and alert.url == reverse("triage:contact", args=[waiting.pk])
    assert kinds(social_worker) == []


def test_a_returned_decision_tells_the_worker(chat, social_worker, team_manager, make_contact):
    decision = decide(make_contact(chat), social_worker, Outcome.NO_FURTHER_ACTION)
    oversee(decision, team_manager, agree=False, comment="Speak to the health visitor.")
    assert kinds(social_worker) == ["decision_returned"]


def test_a_step_up_alerts_the_receiving_team_and_marks_the_contact(
    client, chat, fast, early_help_worker, social_worker, team_manager, make_contact
):
    contact = make_contact(fast)
    services.transfer_contact(
        contact=contact, user=early_help_worker, to_team=chat, reason="Disclosure.", version=1
    )
    assert kinds(social_worker) == ["transfer_received"] and kinds(team_manager) == ["transfer_received"]
    assert kinds(early_help_worker) == []
    body = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert (
        "Step up to children&#x27;s social care from" in body
        or "Step up to children's social care from" in body
    )


def test_rating_a_contact_red_tells_the_managers(chat, contact_officer, team_manager, make_contact):
    contact = make_contact(chat)
    changes = ContactEdit(RED, contact.concern, "Rita", "", "", "", "2A")
    edit_contact(contact=contact, user=contact_officer, changes=changes, version=1)
    assert kinds(team_manager) == ["urgency_raised"]


def test_a_failed_email_alerts_the_manager_once(chat, team_manager, make_contact):
    contact = make_contact(chat)
    now = timezone.now()
    OutboxMessage.objects.create(
        idempotency_key="k1",
        kind="acknowledgement",
        to="rita@school.example",
        subject="s",
        body="b",
        about_id=str(contact.pk),
        status=OutboxMessage.Status.FAILED,
        created_at=now,
        next_attempt_at=now,
    )
    assert notifications.alert_failed_emails() == 1 and notifications.alert_failed_emails() == 0
    assert kinds(team_manager) == ["email_failed"]


def test_allocation_alert_can_also_go_by_email_through_the_outbox(
    chat, team_manager, social_worker, make_contact, settings
):
    settings.FRONTDOOR_STAFF_EMAIL_ALERTS = True
    social_worker.email = "sw@northshire.example"
    social_worker.save()
    contact = make_contact(chat)
    services.allocate_contact(contact=contact, user=team_manager, to_user=social_worker, reason="", version=1)
    email = OutboxMessage.objects.get(kind="staff_alert")
    assert email.to == "sw@northshire.example" and contact.reference in email.subject
    assert "synthetic concern" not in email.body


def test_the_inbox_shows_the_unread_count_and_opening_one_goes_to_the_contact(
    client, chat, team_manager, social_worker, make_contact
):
    contact = make_contact(chat)
    services.allocate_contact(contact=contact, user=team_manager, to_user=social_worker, reason="", version=1)
    signed_in(client, social_worker)
    header = client.get(reverse("triage:queue")).content.decode()
    assert "Notifications <strong" in header and '1<span class="govuk-visually-hidden"> unread' in header
    inbox = client.get(reverse("triage:notifications")).content.decode()
    assert "Allocated to you" in inbox and contact.reference in inbox
    note = StaffNotification.objects.get()
    response = client.post(reverse("triage:open_notification", args=[note.pk]))
    assert response.status_code == 302 and response.url == reverse("triage:contact", args=[contact.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    assert (
        "unread" not in client.get(reverse("triage:queue")).content.decode().split("Notifications", 1)[1][:60]
    )


def test_nobody_opens_someone_elses_notification(client, chat, team_manager, social_worker, make_contact):
    services.allocate_contact(
        contact=make_contact(chat), user=team_manager, to_user=social_worker, reason="", version=1
    )
    note = StaffNotification.objects.get()
    response = signed_in(client, team_manager).post(reverse("triage:open_notification", args=[note.pk]))
    assert response.url == reverse("triage:notifications")
    note.refresh_from_db()
    assert note.read_at is None


def test_the_queue_marks_a_red_contact_nobody_has_claimed(client, chat, social_worker, make_contact):
    waiting = make_contact(chat, urgency=RED, minutes_ago=50)
    body = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert "Red and unclaimed for 50 minutes" in body and waiting.reference in body


def test_an_agency_reply_tells_the_worker_who_asked(chat, social_worker, make_contact):
    from frontdoor.triage.models import AgencyCheck

    contact = make_contact(chat)
    details = services.AgencyCheckDetails(
        "Market Street Surgery", "Any injuries?", "", "safeguarding", True, ""
    )
    check = services.record_agency_check(contact=contact, user=social_worker, details=details)
    notifications.agency_replied(AgencyCheck.objects.get(pk=check.pk))
    notifications.agency_replied(AgencyCheck.objects.get(pk=check.pk))  # once
    assert kinds(social_worker) == ["agency_reply"]
