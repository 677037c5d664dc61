"""The staff queue costs a bounded number of queries however many contacts wait (issue 17: 10,000 open)."""

from django.urls import reverse

from frontdoor.triage import services
from tests.conftest import signed_in

# The session, the user with their team, the second factor (django-otp's device), the signed-in session's row;
# then team members (the filter), the page's three counts in one query (the queue, call backs waiting, unread
# notifications) and the page's rows (children, latest decision and transfer as subqueries). No session write
# (once a minute at most)
QUEUE_PAGE_QUERIES = 7


def test_the_queue_page_costs_the_same_few_queries_for_3_or_60_contacts(
    client, chat, social_worker, make_contact, django_assert_max_num_queries
):
    for n in range(3):
        make_contact(chat, minutes_ago=10 + n, urgency=1 + n % 3)
    signed_in(client, social_worker)
    with django_assert_max_num_queries(QUEUE_PAGE_QUERIES):
        small = client.get(reverse("triage:queue"))
    assert small.status_code == 200
    for n in range(57):
        contact = make_contact(chat, minutes_ago=100 + n, urgency=1 + n % 3)
        if n % 5 == 0:
            services.claim_contact(contact=contact, user=social_worker)
    with django_assert_max_num_queries(QUEUE_PAGE_QUERIES):
        large = client.get(reverse("triage:queue"))
    body = large.content.decode()
    assert "60 contacts awaiting a decision" in body
    assert body.count('class="govuk-table__row"') == 51  # 50 a page and the header


def test_the_queue_floor_shows_the_same_first_50_contacts_to_the_team_only(
    client, chat, fast, social_worker, early_help_worker, make_contact
):
    ours = [make_contact(chat, minutes_ago=10 + n, urgency=1 + n % 3) for n in range(55)]
    theirs = make_contact(fast)
    queue = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    floor = client.get(reverse("triage:queue_floor")).content.decode()
    shown = [c.reference for c in ours if c.reference in floor]
    assert len(shown) == 50
    assert shown == [c.reference for c in ours if c.reference in queue]
    assert theirs.reference not in floor


def test_queue_rows_say_what_a_worker_must_not_miss_escaped(
    client, chat, fast, social_worker, team_manager, make_contact
):
    """The rows are built in the presenter (issue 17): a returned decision, a contact passed to the team, a Red
    one nobody has taken, who holds it, a Claim button only where the worker may claim, every value escaped."""
    from datetime import timedelta

    from django.utils import timezone

    from frontdoor.core.codes import Outcome
    from frontdoor.intake.models import Contact, ContactChild
    from frontdoor.triage.models import Decision, Transfer

    now = timezone.now()
    returned = make_contact(chat, minutes_ago=50, urgency=3, child=("<b>Bo</b>", "O'Neil"))
    ContactChild.objects.create(contact=returned, given_name="Al", family_name="Aardvark")
    ContactChild.objects.create(contact=returned, family_name="Zed", expected_date_of_birth=now.date())
    services.claim_contact(contact=returned, user=social_worker)
    Decision.objects.create(
        contact=returned, outcome=list(Outcome)[0], rationale="r", decided_by=social_worker,
        decided_at=now - timedelta(minutes=20), oversight=Decision.Oversight.RETURNED,
    )  # fmt: skip
    Decision.objects.create(
        contact=returned, outcome=list(Outcome)[0], rationale="r", decided_by=social_worker,
        decided_at=now - timedelta(minutes=40), oversight=Decision.Oversight.AGREED,
    )  # fmt: skip
    passed = make_contact(chat, minutes_ago=40, urgency=2)
    Transfer.objects.create(
        contact=passed, from_team=fast, to_team=chat, direction=Transfer.Direction.STEP_UP, reason="r",
        transferred_by=team_manager, transferred_at=now - timedelta(minutes=30),
    )  # fmt: skip
    passed_on = make_contact(chat, minutes_ago=45, urgency=2)  # its latest transfer took it away
    Transfer.objects.create(
        contact=passed_on, from_team=chat, to_team=fast, direction=Transfer.Direction.STEP_DOWN, reason="r",
        transferred_by=team_manager, transferred_at=now - timedelta(minutes=30),
    )  # fmt: skip
    red = make_contact(chat, minutes_ago=90, urgency=Contact.Urgency.RED)

    body = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    rows = {c.reference: body[body.index(c.reference) : body.index("</tr>", body.index(c.reference))] for c in
            (returned, passed, passed_on, red)}  # fmt: skip
    assert "Decision returned by a manager" in rows[returned.reference]
    # the children as the contact page names them, in its order, escaped
    children = "Al Aardvark, &lt;b&gt;Bo&lt;/b&gt; O&#x27;Neil, Unborn baby Zed"
    assert f'<td data-label="Child" class="govuk-table__cell">{children}</td>' in rows[returned.reference]
    assert "<b>Bo" not in body
    assert social_worker.display_name in rows[returned.reference]
    assert "Claim" not in rows[returned.reference]  # held: nobody claims it
    assert (
        "Step up to children&#x27;s social care from Family Advice and Support Team" in rows[passed.reference]
    )
    assert "govuk-tag--purple" not in rows[passed_on.reference]  # the transfer took it to another team
    assert "Red and unclaimed for 1 hour 30 minutes" in rows[red.reference]
    assert f'action="{reverse("triage:claim", args=[red.pk])}"' in rows[red.reference]
    assert 'name="csrfmiddlewaretoken"' in rows[red.reference]
    assert f'href="{reverse("triage:contact", args=[red.pk])}"' in body
    assert "Red: decide within 4 hours" in rows[red.reference]


def test_the_queue_counts_what_matches_the_filters_and_the_teams_call_backs_still_waiting(
    client, chat, fast, social_worker, team_manager, make_contact
):
    """The queue's three counts are made in one query (issue 17): each must still count only what it did."""
    from django.utils import timezone

    from frontdoor.intake.models import CallbackRequest

    red = [make_contact(chat, minutes_ago=10 + n, urgency=1) for n in range(3)]
    make_contact(chat, minutes_ago=5, urgency=3)
    theirs = make_contact(fast, urgency=1)
    now = timezone.now()
    for contact, done in ((red[0], None), (red[1], None), (red[2], now), (theirs, None)):
        CallbackRequest.objects.create(
            contact=contact, phone="01632 960000", requested_by=team_manager, requested_at=now, done_at=done
        )
    signed_in(client, social_worker)
    page = client.get(reverse("triage:queue")).content.decode()
    assert "4 contacts awaiting a decision" in page
    assert "2 referrers waiting for a call back" in page
    filtered = client.get(reverse("triage:queue"), {"urgency": "1"}).content.decode()
    assert "3 contacts match the filters" in filtered
    assert "2 referrers waiting for a call back" in filtered


def test_the_queue_filter_lists_the_teams_workers_as_they_are_now_and_keeps_what_was_chosen(
    client, chat, social_worker, make_user, make_contact
):
    """The empty filter form is rendered once per list of team members (issue 17): a worker who joins the team
    is in it on the next page, and a filter chosen is shown chosen."""
    from frontdoor.accounts.models import Role

    make_contact(chat)
    signed_in(client, social_worker)
    assert "Newcomer Tester" not in client.get(reverse("triage:queue")).content.decode()
    newcomer = make_user("newcomer", Role.SOCIAL_WORKER, chat)
    page = client.get(reverse("triage:queue")).content.decode()
    assert f'<option value="{newcomer.pk}">Newcomer Tester</option>' in page
    chosen = client.get(
        reverse("triage:queue"), {"allocated": str(newcomer.pk), "status": "open"}
    ).content.decode()
    assert f'<option value="{newcomer.pk}" selected>Newcomer Tester</option>' in chosen
    assert '<option value="open" selected>' in chosen
    assert '<details class="govuk-details" open>' in chosen
    assert (
        f'<option value="{newcomer.pk}" selected>' not in client.get(reverse("triage:queue")).content.decode()
    )
