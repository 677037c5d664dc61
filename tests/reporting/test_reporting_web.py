"""The dashboard, its downloads and who may see them (on the known dataset in conftest.py)."""

import io

import pytest
from openpyxl import load_workbook

from frontdoor.accounts.models import Role
from tests.conftest import signed_in

from .conftest import period

URL = "/staff/performance/"


def test_analyst_sees_every_team(client, analyst, known_data):
    response = signed_in(client, analyst).get(URL, period())
    assert response.status_code == 200
    headline = dict(response.context["headline"])
    assert headline["Contacts"] == "5"
    assert headline["Referrals to children's social care"] == "3"
    assert headline["Re-referrals within 12 months"] == "1 (33.3%)"
    # K1, K3, K4 referred of 5 decided; K2 decided after a weekend of waiting? No: Wednesday to Friday, late
    assert headline["Conversion (contact to referral)"] == "60.0%"
    assert headline["Decided within one working day"] == "80.0%"
    assert b'role="img"' in response.content and b"(data table)" in response.content


def test_analyst_may_choose_any_team(client, analyst, known_data):
    response = signed_in(client, analyst).get(URL, period(team="fast"))
    assert dict(response.context["headline"])["Contacts"] == "1"


def test_team_manager_sees_only_their_own_team(client, team_manager, known_data):
    response = signed_in(client, team_manager).get(URL, period(team="chat"))
    assert dict(response.context["headline"])["Contacts"] == "4"
    assert signed_in(client, team_manager).get(URL, period(team="fast")).status_code in (400, 403)
    # the team list offers only their own team, not "Every team"
    choices = [value for value, _ in response.context["form"].fields["team"].choices]
    assert choices == ["chat"]


def test_team_manager_cannot_ask_for_another_team_by_url(rf, team_manager, known_data):
    from django.core.exceptions import PermissionDenied

    from frontdoor.reporting import queries

    with pytest.raises(PermissionDenied):
        queries.team_in_scope(team_manager, "fast")


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.CONTACT_OFFICER, Role.ADMINISTRATOR])
def test_other_roles_are_refused(client, make_user, chat, role):
    user = make_user(f"user.{role}", role, chat)
    assert signed_in(client, user).get(URL).status_code == 403


def test_signed_out_goes_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_default_period_is_shown_without_parameters(client, analyst, known_data):
    response = signed_in(client, analyst).get(URL)
    assert response.status_code == 200 and response.context["dashboard"] is not None


def test_a_period_in_the_future_gets_a_clear_message(client, analyst):
    response = signed_in(client, analyst).get(URL, period("2099-01-05", "2099-02-01"))
    assert response.status_code == 400
    assert "From must be today or in the past" in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_end_before_start_and_missing_dates(client, analyst):
    response = signed_in(client, analyst).get(URL, period("2025-05-11", "2025-05-05"))
    assert "The last day must be the same as or after the first day" in response.content.decode()
    response = signed_in(client, analyst).get(URL, {"start_0": "", "end_0": "", "team": ""})
    assert "Enter the first day of the period" in response.content.decode()


def test_an_empty_period_says_so(client, analyst, known_data):
    response = signed_in(client, analyst).get(URL, period("2024-01-01", "2024-01-31"))
    assert response.status_code == 200
    assert "There were no contacts or referrals in this period" in response.content.decode()


def test_scrutiny_table_csv_is_one_click_away(client, analyst, known_data):
    page = signed_in(client, analyst).get(URL, period())
    link = page.context["sections"][0].csv_url
    response = client.get(link)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Week ending,Contacts,Families,Referrals", "2025-05-11,5,4,3"]


def test_every_table_downloads_as_xlsx(client, analyst, known_data):
    page = signed_in(client, analyst).get(URL, period())
    response = client.get(page.context["all_xlsx_url"])
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 7
    assert workbook.worksheets[0]["A1"].value == "Week ending"
    for section in page.context["sections"]:
        assert client.get(section.xlsx_url).status_code == 200
        assert client.get(section.csv_url).status_code == 200


def test_download_refuses_other_teams_to_a_manager(client, team_manager, known_data):
    response = signed_in(client, team_manager).get(
        "/staff/performance/download/scrutiny/", {**period(team="fast"), "format": "csv"}
    )
    assert response.status_code in (302, 403)
