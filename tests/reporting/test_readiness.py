"""The returns readiness page lists every child whose record lacks what the returns need, the rule it breaks
and where to fix it; team managers see their own team, analysts every team by child id; never a crash."""

from datetime import date

import pytest

from frontdoor.accounts.models import Role
from frontdoor.core.models import AccessEvent
from frontdoor.reporting.queries import person_key
from tests.conftest import signed_in

from .factories import PersonFactory, referred

URL = "/staff/performance/readiness/?year=2026"


@pytest.fixture
def children(db, chat, fast, social_worker):
    complete = PersonFactory(given_name="Clara", family_name="Complete")
    defects = {
        "no_sex": PersonFactory(given_name="Sam", family_name="Nosex", no_sex=True),
        "no_date_of_birth": PersonFactory(given_name="Dora", family_name="Nodob", no_date_of_birth=True),
        "no_ethnicity": PersonFactory(given_name="Ethan", family_name="Noethnicity", no_ethnicity=True),
        "no_nhs_number": PersonFactory(given_name="Nell", family_name="Nonhs", no_nhs_number=True),
        "bad_nhs_number": PersonFactory(given_name="Nia", family_name="Badnhs", bad_nhs_number=True),
        "bad_upn": PersonFactory(given_name="Una", family_name="Badupn", bad_upn=True),
        "no_disability": PersonFactory(given_name="Dev", family_name="Nodisability", no_disability=True),
    }
    for person in [complete, *defects.values()]:
        referred(chat, social_worker, person)
    referred(chat, social_worker, None, given="Lenny", family="Unlinked")
    elsewhere = PersonFactory(given_name="Fay", family_name="Fastteam", no_sex=True)
    referred(fast, social_worker, elsewhere)
    return complete, defects, elsewhere


def test_a_team_manager_sees_every_defect_with_its_rule_and_a_link_to_fix_it(
    client, make_user, chat, children
):
    complete, defects, elsewhere = children
    manager = make_user("tm.returns", Role.TEAM_MANAGER, chat)
    response = signed_in(client, manager).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "8 of 9 children to fix" in page  # Fay is FAST's, not this manager's
    assert "Clara Complete" not in page and "Fay Fastteam" not in page
    expected = {
        "no_sex": ("Sex", "Not recorded", "2886Q"),
        "no_date_of_birth": ("Date of birth", "No date of birth or expected date of birth", "CIN 8525"),
        "no_ethnicity": ("Ethnicity", "Not recorded", "CIN 4220"),
        "no_nhs_number": ("NHS number", "Not recorded", "pers_single_unique_id"),
        "bad_nhs_number": ("NHS number", "Not a valid NHS number", "pers_single_unique_id"),
        "bad_upn": ("UPN", "Not a valid UPN", "CIN 1510"),
        "no_disability": ("Disability", "Not recorded", "CIN 8540"),
    }
    rows = {row.child_id: row for row in response.context["rows"]}
    for trait, person in defects.items():
        row = rows[person_key(person.reference)]
        item, problem, rule = expected[trait]
        assert any(i == item and problem in p and rule in r for i, p, r in row.defects), (trait, row.defects)
        assert (
            row.fix_url == f"/staff/people/{person.pk}/"
            and row.name == f"{person.given_name} {person.family_name}"
        )
        assert f'href="{row.fix_url}"' in page
    unlinked = next(row for row in rows.values() if row.name == "Lenny Unlinked")
    assert unlinked.defects[0][0] == "Person record" and "/people/" in unlinked.fix_url
    assert "Link the child to a person record" in page


def test_an_analyst_sees_every_team_by_child_id_and_the_opening_is_logged(client, analyst, children):
    complete, defects, elsewhere = children
    response = signed_in(client, analyst).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "9 of 10 children to fix" in page
    assert person_key(elsewhere.reference) in page
    assert "Fay" not in page and "Sam Nosex" not in page  # analysts see aggregates and ids, never a person
    assert "Front door staff fix these on the person record" in page
    assert AccessEvent.objects.filter(actor=analyst, object_type="reporting.ReturnsReadiness").exists()


def test_case_workers_may_not_open_it(client, social_worker, children):
    assert signed_in(client, social_worker).get(URL).status_code == 403


def test_a_wrong_year_is_a_clear_message_and_an_empty_year_is_not_a_crash(client, analyst, db):
    page = signed_in(client, analyst).get("/staff/performance/readiness/?year=twenty")
    assert page.status_code == 400 and "Collection year must be a number" in page.content.decode()
    page = client.get("/staff/performance/readiness/?year=1999")
    assert page.status_code == 400 and "2000 or later" in page.content.decode()
    page = client.get("/staff/performance/readiness/?year=2020")
    assert page.status_code == 200 and "0 of 0 children to fix" in page.content.decode()
    assert client.get("/staff/performance/readiness/").status_code == 200  # the current year


def test_a_child_with_nothing_recorded_is_listed_not_a_crash(client, analyst, chat, social_worker):
    bare = PersonFactory(
        given_name="", family_name="", sex="", ethnicity="", nhs_number="", upn="", disabilities="",
        date_of_birth=None,
    )  # fmt: skip
    referred(chat, social_worker, bare, on=date(2025, 6, 1))
    response = signed_in(client, analyst).get(URL)
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert {item for item, _, _ in row.defects} == {"Date of birth", "Sex", "Ethnicity"}
