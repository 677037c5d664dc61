"""The phone line pages and localities, as an analyst or manager uses them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.codes import Channel, Outcome
from frontdoor.intake.models import Contact
from frontdoor.planning import services
from frontdoor.planning.models import CallInterval, RotaSlot
from tests.conftest import signed_in
from tests.feedback.factories import ContactFactory
from tests.triage.helpers import decide, oversee

pytestmark = pytest.mark.django_db
HEADER = "interval_start,offered,answered,abandoned,average_wait_seconds,average_handling_seconds\n"


def _monday() -> datetime:
    today = timezone.localdate()
    return datetime.combine(today - timedelta(days=today.weekday() + 7), datetime.min.time())


def _csv(rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "calls.csv", (HEADER + "\n".join(rows) + "\n").encode(), content_type="text/csv"
    )


def _rows(day: datetime, *, calls: int = 100, handling: int = 180) -> list[str]:
    return [
        f"{day + timedelta(minutes=30 * i):%Y-%m-%d %H:%M},{calls},{calls - 2},2,12,{handling}"
        for i in range(18, 22)
    ]


def test_a_file_with_bad_rows_is_refused_line_by_line_and_nothing_is_imported(client, analyst):
    signed_in(client, analyst)
    monday = _monday()
    rows = [*_rows(monday), f"{monday:%Y-%m-%d} 12:00,-4,0,0,5,200", "not a date,1,1,0,1,1"]
    page = client.post(reverse("planning:import_calls"), {"file": _csv(rows)})
    text = page.content.decode()
    assert page.status_code == 200
    assert "The file has 2 problems. Nothing was imported." in text
    assert "offered cannot be negative (-4)" in text
    assert ">6</td>" in text and ">7</td>" in text  # the file's line numbers
    assert not CallInterval.objects.exists()


def test_a_good_file_is_imported_and_missing_half_hours_are_listed(client, analyst):
    signed_in(client, analyst)
    monday = _monday()
    rows = _rows(monday)
    del rows[1]  # 09:30 missing
    page = client.post(reverse("planning:import_calls"), {"file": _csv(rows)})
    text = page.content.decode()
    assert "3 half-hours imported" in text
    assert f"{monday:%a} {monday.day} {monday:%b %Y}, 09:30" in text
    again = client.post(reverse("planning:import_calls"), {"file": _csv(rows)})
    assert "3 of them replacing figures imported before" in again.content.decode()
    assert CallInterval.objects.count() == 3


def test_no_file_and_a_non_utf8_file_are_clear(client, analyst):
    signed_in(client, analyst)
    assert (
        "Select a CSV file of call figures" in client.post(reverse("planning:import_calls")).content.decode()
    )
    bad = SimpleUploadedFile("calls.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    assert "saved as UTF-8" in client.post(reverse("planning:import_calls"), {"file": bad}).content.decode()


def test_calls_by_week_and_half_hour_beside_contacts(client, analyst, chat):
    signed_in(client, analyst)
    monday = _monday()
    client.post(reverse("planning:import_calls"), {"file": _csv(_rows(monday))})
    ContactFactory(
        team=chat,
        channel=Channel.PHONE,
        received_at=timezone.make_aware(monday + timedelta(hours=9, minutes=40)),
    )
    ContactFactory(
        team=chat,
        channel=Channel.EMAIL,
        received_at=timezone.make_aware(monday + timedelta(hours=9, minutes=5)),
    )
    page = client.get(reverse("planning:phone_line"), {"week": f"{monday:%Y-%m-%d}"}).content.decode()
    assert ">400</td>" in page and ">392</td>" in page  # offered and answered in the week
    half = page.split('id="calls-by-half-hour"')[1]
    row_0930 = half.split(">09:30</th>")[1].split("</tr>")[0]
    assert row_0930.count(">1</td>") == 2  # one phone contact, one contact in all
    assert (
        "Enter the week as a date"
        in client.get(reverse("planning:phone_line"), {"week": "junk"}, follow=True).content.decode()
    )


def test_the_planner_uses_erlang_c_against_the_rota(client, analyst):
    signed_in(client, analyst)
    monday = _monday()
    client.post(reverse("planning:import_calls"), {"file": _csv(_rows(monday))})
    RotaSlot.objects.create(weekday=0, starts=datetime.min.time().replace(hour=9), handlers=12)
    page = client.get(reverse("planning:planner"), {"day": "0", "share": "80", "wait": "20"}).content.decode()
    row = page.split(">09:00</th>")[1].split("</tr>")[0]
    # 100 calls in the half-hour at 180 seconds: the Call Centre Helper example, 14 handlers
    assert ">14</td>" in row and "Short by 2" in row


def test_a_target_of_every_call_in_no_time_gets_a_clear_message(client, analyst):
    signed_in(client, analyst)
    page = client.get(reverse("planning:planner"), {"day": "0", "share": "100", "wait": "0"})
    assert page.status_code == 200
    assert "No number of call handlers can answer 100% of calls in 0 seconds" in page.content.decode()


def test_the_rota_is_entered_by_half_hour(client, team_manager):
    signed_in(client, team_manager)
    bad = client.post(reverse("planning:rota") + "?day=2", {"day": "2", "h0900": "-1", "h0930": "3"})
    assert "The handlers at 09:00 cannot be negative" in bad.content.decode()
    assert 'value="3"' in bad.content.decode()
    client.post(reverse("planning:rota") + "?day=2", {"day": "2", "h0900": "4", "h0930": "3"})
    saved = {f"{s:%H:%M}": n for s, n in RotaSlot.objects.filter(weekday=2).values_list("starts", "handlers")}
    assert saved == {"09:00": 4, "09:30": 3}


def test_workers_cannot_open_planning_pages(client, social_worker):
    signed_in(client, social_worker)
    for name in ("phone_line", "import_calls", "planner", "rota", "localities"):
        assert client.get(reverse(f"planning:{name}")).status_code == 403, name


def test_localities_from_postcodes(client, analyst, chat, social_worker, team_manager):
    loaded, problems = services.load_localities(
        "postcode_prefix,locality_code,locality_name\nNS1,north,North family hub area\nNS1 9,riverside,Riverside\n"
        "NS2 4AB,south,South family hub area\n"
    )
    assert (loaded, problems) == (3, [])
    north = ContactFactory(team=chat, postcode="ns1 2ab")
    ContactFactory(team=chat, postcode="NS1 9ZZ")
    ContactFactory(team=chat, postcode="NS2 4AB")
    ContactFactory(team=chat, postcode="")
    oversee(decide(north, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT), team_manager)
    page = signed_in(client, analyst).get(reverse("planning:localities")).content.decode()
    north_row = page.split(">North family hub area</th>")[1].split("</tr>")[0]
    assert north_row.count(">1</td>") == 3  # one contact, one family, one referral
    assert "Child and family assessment: 1" in north_row
    assert ">Riverside</th>" in page and ">South family hub area</th>" in page
    assert "Not in a locality" in page


def test_a_bad_localities_file_loads_nothing(db):
    assert services.load_localities("prefix,name\n")[1][0][0] == 1
    loaded, problems = services.load_localities("postcode_prefix,locality_code,locality_name\nNS1,,North\n")
    assert loaded == 0 and problems[0][0] == 2


def test_the_demo_has_localities_call_figures_and_advice_slots_once(chat, make_user):
    from frontdoor.feedback.models import AdviceSlot
    from frontdoor.planning.demo import ensure_planning_demo
    from frontdoor.planning.models import Locality

    make_user("team.manager", "team_manager", chat)
    ContactFactory(team=chat, postcode="")
    ensure_planning_demo()
    counts = (Locality.objects.count(), CallInterval.objects.count(), AdviceSlot.objects.count())
    assert counts[0] == 4 and counts[1] > 500 and counts[2] == 10
    ensure_planning_demo()
    assert (Locality.objects.count(), CallInterval.objects.count(), AdviceSlot.objects.count()) == counts
    assert Contact.objects.get().postcode.startswith("NS")
