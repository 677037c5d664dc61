"""Information requests: a worker asks partner agencies, each request has its own due time, the partner replies
through a single-use link without an account, and overdue requests reach the manager."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.errors import Refused
from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.multiagency import services, timescales
from frontdoor.multiagency.models import InformationRequest, LawfulBasis, ReplyLinkOpening
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage.models import StaffNotification
from tests.conftest import signed_in
from tests.multiagency.factories import ContactFactory, InformationRequestFactory, PartnerAgencyFactory

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def link_in(message: OutboxMessage) -> str:
    return re.search(r"https?://\S+/partner/reply/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def send(contact, user, *agencies, question="Any police call-outs to the home?"):
    return services.send_information_requests(
        contact=contact,
        user=user,
        agencies=list(agencies),
        question=question,
        lawful_basis=LawfulBasis.DUTY_TO_SHARE,
    )


def reply(token, **overrides):
    values = {
        "shared": True,
        "information": "Two call-outs for shouting in March, no arrests.",
        "not_shared_reason": "",
        "name": "PC Tess Constable",
        "role": "MASH researcher",
    }
    values.update(overrides)
    return services.reply_to_request(token=token, reply=services.PartnerReply(**values))


# --- Due times as data, across weekends and bank holidays ---------------------------------------------


@pytest.mark.parametrize(
    ("urgency", "sent", "due"),
    [
        # Amber, 1 working day: Thursday before Easter → Tuesday after (Good Friday and Easter Monday skipped)
        (Contact.Urgency.AMBER, at(2026, 4, 2, 15, 0), at(2026, 4, 7, 15, 0)),
        # Green, 3 working days from the Thursday before Easter: Tuesday, Wednesday, Thursday
        (Contact.Urgency.GREEN, at(2026, 4, 2, 15, 0), at(2026, 4, 9, 15, 0)),
        # Amber sent on a Saturday: the clock starts on Monday, so due by the end of Monday
        (Contact.Urgency.AMBER, at(2026, 6, 6, 11, 0), at(2026, 6, 9, 0, 0)),
        # Red, 4 clock hours: a Friday night request is due in the small hours of Saturday
        (Contact.Urgency.RED, at(2026, 4, 3, 22, 0), at(2026, 4, 4, 2, 0)),
    ],
)
def test_request_due_times_follow_the_rag_rating_across_weekends_and_bank_holidays(urgency, sent, due):
    assert timescales.request_due(sent, urgency)[0] == due


def test_the_council_sets_the_timescales_as_data(settings):
    settings.FRONTDOOR_INFORMATION_REQUEST_TIMESCALES = {
        "red": "2 hours",
        "amber": "2 working days",
        "green": "5 working days",
    }
    due, timescale = timescales.request_due(at(2026, 4, 2, 15, 0), Contact.Urgency.AMBER)
    assert (due, timescale.text) == (at(2026, 4, 8, 15, 0), "2 working days")


# --- Sending ------------------------------------------------------------------------------------------


def test_a_worker_asks_two_agencies_and_each_gets_its_own_request_link_and_email(
    contact, social_worker, police, school
):
    sent = send(contact, social_worker, police, school)

    assert sorted(s.request.agency_name for s in sent) == [
        "Testfield Primary School",
        "Testshire Police MASH",
    ]
    emails = OutboxMessage.objects.filter(kind="information_request").order_by("to")
    assert [e.to for e in emails] == ["dsl@school.example", "mash@police.example"]
    links = {link_in(e) for e in emails}
    assert len(links) == 2
    for email in emails:
        assert "Ava" not in email.body and contact.concern not in email.body  # the email names no child
        assert contact.reference in email.subject
    assert all(
        s.request.due_at == timescales.request_due(s.request.sent_at, contact.urgency)[0] for s in sent
    )
    assert (
        AuditEvent.objects.filter(action="information_request.sent", object_id=str(contact.pk)).count() == 2
    )
    assert not InformationRequest.objects.filter(token_hash__in=[s.token for s in sent]).exists()  # hash only


def test_sending_needs_an_agency_a_question_and_a_worker_of_the_contacts_team(
    contact, social_worker, early_help_worker, contact_officer, police
):
    with pytest.raises(Refused, match="Select at least one agency"):
        send(contact, social_worker)
    with pytest.raises(Refused, match="Enter what you are asking"):
        send(contact, social_worker, police, question="  ")
    with pytest.raises(PermissionDenied):
        send(contact, early_help_worker, police)  # another team
    with pytest.raises(PermissionDenied):
        send(contact, contact_officer, police)
    assert not InformationRequest.objects.exists()


def test_a_double_press_sends_once(contact, social_worker, police):
    key = __import__("uuid").uuid4()
    for _ in range(2):
        services.send_information_requests(
            contact=contact,
            user=social_worker,
            agencies=[police],
            question="Anything known?",
            lawful_basis=LawfulBasis.DUTY_TO_SHARE,
            submission_key=key,
        )
    assert InformationRequest.objects.count() == 1


def test_the_request_page_sends_and_the_contact_shows_each_requests_own_time_left(
    client, contact, social_worker, police, school
):
    signed_in(client, social_worker)
    url = reverse("multiagency:request_information", args=[contact.pk])
    page = client.get(url)
    assert "Request information from agencies" in page.content.decode()
    key = page.context["form"]["submission_key"].value()
    response = client.post(
        url,
        {
            "agencies": [str(police.pk), str(school.pk)],
            "question": "What do you know about the family?",
            "lawful_basis": LawfulBasis.DUTY_TO_SHARE,
            "submission_key": key,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Request sent to Testfield Primary School, Testshire Police MASH" in html
    assert html.count("What do you know about the family?") == 2
    assert "left</strong>" in html and "Due " in html


# --- The partner's reply ------------------------------------------------------------------------------


def test_the_partner_sees_only_the_question_and_the_child_and_replies_without_an_account(
    client, contact, social_worker, police
):
    [sent] = send(contact, social_worker, police)
    path = path_of(link_in(OutboxMessage.objects.get(kind="information_request")))

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Any police call-outs to the home?" in html and "Ava Example" in html and "born" in html
    assert contact.concern not in html and contact.referrer_name not in html and contact.reference not in html

    done = client.post(
        path,
        {
            "shared": "yes",
            "information": "Two call-outs in March.",
            "name": "PC Tess Constable",
            "role": "MASH",
        },
    )
    assert "Reply sent" in done.content.decode()

    request = InformationRequest.objects.get()
    assert (request.status, request.reply_text, request.replied_by_name) == (
        InformationRequest.Status.REPLIED,
        "Two call-outs in March.",
        "PC Tess Constable",
    )
    note = StaffNotification.objects.get(recipient=social_worker)
    assert "Testshire Police MASH replied" in note.text
    audit = AuditEvent.objects.get(action="information_request.replied")
    assert audit.actor is None and "PC Tess Constable" in audit.actor_description

    signed_in(client, social_worker)
    contact_page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Two call-outs in March." in contact_page and "from PC Tess Constable (MASH)" in contact_page


def test_a_reply_link_works_once(client, contact, social_worker, police):
    [sent] = send(contact, social_worker, police)
    reply(sent.token)
    with pytest.raises(services.LinkProblem) as problem:
        reply(sent.token, information="A second answer")
    assert problem.value.reason == ReplyLinkOpening.Result.USED
    page = client.get(reverse("multiagency:partner_reply", args=[sent.token]))
    assert page.status_code == 410 and "already been used" in page.content.decode()
    assert InformationRequest.objects.get().reply_text.startswith("Two call-outs")


def test_a_stopped_link_does_not_open(client, contact, social_worker, police):
    [sent] = send(contact, social_worker, police)
    services.revoke_link(request=sent.request, user=social_worker, reason="Sent to the wrong inbox")
    page = client.get(reverse("multiagency:partner_reply", args=[sent.token]))
    assert page.status_code == 410 and "This link has been stopped" in page.content.decode()
    with pytest.raises(services.LinkProblem):
        reply(sent.token)
    assert InformationRequest.objects.get(pk=sent.request.pk).is_open


def test_expired_link(client, contact, social_worker):
    InformationRequestFactory(contact=contact, sent_by=social_worker, expired=True, token="expired-token-1")
    page = client.get(reverse("multiagency:partner_reply", args=["expired-token-1"]))
    assert page.status_code == 410 and "This link has expired" in page.content.decode()
    assert ReplyLinkOpening.objects.get().result == ReplyLinkOpening.Result.EXPIRED


def test_a_tampered_or_guessed_link_is_a_plain_404_and_logged(client, contact, social_worker, police):
    [sent] = send(contact, social_worker, police)
    for token in (sent.token[:-1] + ("A" if sent.token[-1] != "A" else "B"), "guess", "x" * 500):
        page = client.get(reverse("multiagency:partner_reply", args=[token]))
        html = page.content.decode()
        assert page.status_code == 404
        assert "Page not found" in html and "Testshire" not in html and "Ava" not in html
    assert ReplyLinkOpening.objects.filter(result=ReplyLinkOpening.Result.UNKNOWN, request=None).count() == 3


def test_every_opening_is_logged(client, contact, social_worker, police):
    [sent] = send(contact, social_worker, police)
    url = reverse("multiagency:partner_reply", args=[sent.token])
    client.get(url)
    client.get(url)
    client.post(url, {"shared": "yes", "information": "Known to us.", "name": "PC Test"})
    client.get(url)
    results = list(ReplyLinkOpening.objects.order_by("at").values_list("result", flat=True))
    assert results == ["opened", "opened", "opened", "replied", "used"]


def test_not_shared_because_more_detrimental_needs_and_keeps_its_reason(contact, social_worker, police):
    [sent] = send(contact, social_worker, police)
    with pytest.raises(Refused, match="more detrimental"):
        reply(sent.token, shared=False, information="", not_shared_reason=" ")
    reply(sent.token, shared=False, information="", not_shared_reason="Sharing now would alert a suspect.")
    request = InformationRequest.objects.get()
    assert request.reply == InformationRequest.Reply.NOT_SHARED
    assert request.not_shared_reason == "Sharing now would alert a suspect."


def test_a_reply_of_20000_characters_is_refused_clearly_and_nothing_typed_is_lost(
    client, contact, social_worker, police
):
    [sent] = send(contact, social_worker, police)
    text = "Long history. " * 1430  # over 20,000 characters
    page = client.post(
        reverse("multiagency:partner_reply", args=[sent.token]),
        {"shared": "yes", "information": text, "name": "PC Test"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html and "10,000 characters or fewer" in html
    assert text.strip() in html  # the text is still in the box
    assert InformationRequest.objects.get().is_open


# --- Overdue: the manager's list and one chase ---------------------------------------------------------


def test_overdue_requests_are_chased_once_and_listed_for_the_manager(
    client, contact, social_worker, team_manager, early_help_manager, fast
):
    late = InformationRequestFactory(contact=contact, sent_by=social_worker, overdue=True)
    InformationRequestFactory(contact=contact, sent_by=social_worker)  # not yet due
    InformationRequestFactory(contact=contact, sent_by=social_worker, overdue=True, replied=True)
    other_team = InformationRequestFactory(
        contact=ContactFactory(team=fast), sent_by=social_worker, overdue=True
    )

    assert services.chase_overdue_requests() == 2
    assert services.chase_overdue_requests() == 0  # once only
    chases = OutboxMessage.objects.filter(kind="information_request_chase")
    assert chases.count() == 2 and all("Reminder" in c.subject for c in chases)
    late.refresh_from_db()
    assert late.status == InformationRequest.Status.OVERDUE and late.chased_at

    page = signed_in(client, team_manager).get(reverse("multiagency:overdue")).content.decode()
    assert contact.reference in page and "Overdue by 2 hours" in page
    assert other_team.contact.reference not in page
    assert "1 request past its due time" in page


def test_the_overdue_list_is_for_managers(client, social_worker):
    assert signed_in(client, social_worker).get(reverse("multiagency:overdue")).status_code == 403


def test_withdrawing_stops_the_link_and_the_request_no_longer_waits(client, contact, social_worker, police):
    [sent] = send(contact, social_worker, police)
    with pytest.raises(Refused, match="Enter why"):
        services.withdraw_request(request=sent.request, user=social_worker, reason="")
    services.withdraw_request(
        request=sent.request, user=social_worker, reason="Police already shared at MARAC"
    )
    assert InformationRequest.objects.get().status == InformationRequest.Status.WITHDRAWN
    assert client.get(reverse("multiagency:partner_reply", args=[sent.token])).status_code == 410


def test_a_new_link_replaces_a_stopped_one(contact, social_worker, police):
    [sent] = send(contact, social_worker, police)
    fresh = services.revoke_link(
        request=sent.request, user=social_worker, reason="Wrong inbox", send_new=True
    )
    with pytest.raises(services.LinkProblem):
        services.open_reply_link(sent.token)
    assert services.open_reply_link(fresh.token).pk == sent.request.pk


def test_partner_agencies_are_a_list_the_council_keeps(client, team_manager, social_worker):
    assert signed_in(client, social_worker).get(reverse("multiagency:agencies")).status_code == 403
    signed_in(client, team_manager)
    response = client.post(
        reverse("multiagency:agencies"),
        {"name": "Testshire Housing", "kind": "housing", "contact_email": "safeguarding@housing.example"},
        follow=True,
    )
    assert "Testshire Housing added" in response.content.decode()
    again = client.post(
        reverse("multiagency:agencies"),
        {"name": "testshire housing", "kind": "housing", "contact_email": "x@housing.example"},
    )
    assert "already on the list" in again.content.decode()
    assert PartnerAgencyFactory(retired=True).active is False


def test_another_teams_worker_cannot_see_or_touch_a_request(
    client, contact, social_worker, early_help_worker
):
    request = InformationRequestFactory(contact=contact, sent_by=social_worker)
    signed_in(client, early_help_worker)
    for name in ("withdraw", "revoke"):
        url = reverse(f"multiagency:{name}", args=[contact.pk, request.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Trying"}).status_code == 404
    assert client.get(reverse("multiagency:request_information", args=[contact.pk])).status_code == 404
    assert InformationRequest.objects.get().is_open


def test_a_partner_reply_with_nothing_filled_in_gets_every_error_and_a_guessed_post_is_a_404(
    client, contact, social_worker, police
):
    [sent] = send(contact, social_worker, police)
    page = client.post(reverse("multiagency:partner_reply", args=[sent.token]), {})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Select whether you are sharing information" in html and "Enter your name" in html
    guessed = client.post(reverse("multiagency:partner_reply", args=["nope"]), {"shared": "yes", "name": "X"})
    assert guessed.status_code == 404 and "Testshire" not in guessed.content.decode()


def test_the_partner_sees_the_childs_nhs_number_when_the_child_is_linked_to_a_person(
    client, contact, social_worker, police
):
    from frontdoor.core.references import new_reference
    from frontdoor.people.models import ContactPerson, Person

    child = contact.children.get()
    person = Person.objects.create(
        reference=new_reference(),
        given_name="Ava",
        family_name="Example",
        nhs_number="9990001234",
        created_at=timezone.now(),
    )
    ContactPerson.objects.create(
        contact=contact,
        contact_child=child,
        person=person,
        role="child",
        decision=ContactPerson.Decision.LINKED,
    )
    [sent] = send(contact, social_worker, police)
    html = client.get(reverse("multiagency:partner_reply", args=[sent.token])).content.decode()
    assert "NHS number 9990001234" in html


def test_consent_is_not_a_lawful_basis_when_the_contact_records_it_refused(chat, social_worker, police):
    refused = ContactFactory(team=chat, consent=Contact.Consent.REFUSED)
    with pytest.raises(
        Refused, match="Consent cannot be the lawful basis: the contact records consent as refused"
    ):
        services.send_information_requests(
            contact=refused,
            user=social_worker,
            agencies=[police],
            question="Known?",
            lawful_basis=LawfulBasis.CONSENT,
        )
    assert services.send_information_requests(
        contact=refused,
        user=social_worker,
        agencies=[police],
        question="Known?",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )
