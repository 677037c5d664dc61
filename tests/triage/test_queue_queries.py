"""The staff queue costs a bounded number of queries however many contacts wait (issue 17: 10,000 open)."""

from django.urls import reverse

from frontdoor.triage import services
from tests.conftest import signed_in

# Session, user, team members, count, page, children, decisions, transfers, callbacks, the staff banners…
# and, for every staff page, the second factor (django-otp's device) and the signed-in session's row
QUEUE_PAGE_QUERIES = 18


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
