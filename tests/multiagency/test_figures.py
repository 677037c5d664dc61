"""Dashboard figures: requests answered in time by agency, strategy discussions held in time, and the time
from contact to strategy discussion."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from frontdoor.multiagency import figures
from frontdoor.multiagency.models import StrategyDiscussion
from tests.conftest import signed_in
from tests.multiagency.factories import ContactFactory, InformationRequestFactory, PartnerAgencyFactory

LONDON = ZoneInfo("Europe/London")


def test_the_arithmetic_on_hand_computed_rows():
    t = datetime(2026, 6, 1, 9, tzinfo=LONDON)
    h = timedelta(hours=1)
    result = figures.build(
        requests=[
            ("Police", t + 4 * h, t + 2 * h),  # in time
            ("Police", t + 4 * h, t + 5 * h),  # late
            ("Police", t + 4 * h, None),  # not answered
            ("School", t + 24 * h, t + h),
        ],
        discussions=[(t, t + 24 * h, t + 20 * h), (t, t + 24 * h, t + 30 * h), (t, t + 24 * h, t + 10 * h)],
    )
    police, school = result.agencies
    assert (police.sent, police.answered, police.in_time, police.in_time_percent) == (3, 2, 1, "33%")
    assert school.in_time_percent == "100%"
    assert (result.discussions_held, result.discussions_in_time, result.discussions_in_time_percent) == (
        3,
        2,
        "67%",
    )
    assert result.median_time_to_discussion == "20.0 hours"


def test_the_dashboard_shows_the_figures_for_the_managers_team(
    client, chat, social_worker, team_manager, fast
):
    contact = ContactFactory(team=chat, received_at=timezone.now() - timedelta(hours=6))
    police = PartnerAgencyFactory(police=True)
    InformationRequestFactory(contact=contact, sent_by=social_worker, agency=police, replied=True)
    InformationRequestFactory(contact=ContactFactory(team=fast), sent_by=social_worker, agency=police)
    StrategyDiscussion.objects.create(
        contact=contact,
        needed_since=timezone.now() - timedelta(hours=5),
        due_by=timezone.now() + timedelta(hours=5),
        scheduled_for=timezone.now() - timedelta(hours=1),
        how_held="video",
        convened_by=social_worker,
        convened_at=timezone.now() - timedelta(hours=5),
        held_at=timezone.now() - timedelta(minutes=30),
    )
    page = signed_in(client, team_manager).get(reverse("reporting:performance")).content.decode()
    assert "Information requests answered in time, by agency" in page
    row = page.split("Testshire Police MASH</th>")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:4]] == [
        "1",
        "1",
        "1",
        "100%",
    ]  # own team only
    assert "1 of 1 (100%)" in page and "5.5 hours" in page
