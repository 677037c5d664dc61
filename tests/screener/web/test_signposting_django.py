"""The UNIVERSAL and ADVICE outcome pages show services from the directory that fit the concern and the child."""

from datetime import date
from pathlib import Path

from django.urls import reverse

from frontdoor.screener import engine
from frontdoor.screener.engine import signposting
from tests.directory.conftest import demo_directory  # noqa: F401  (a fixture)
from tests.screener.web.journey import screen_to


def progress_for(answers):
    return engine.run(engine.load_named(), answers, date(2026, 11, 22))


def test_the_concern_names_the_directory_categories():
    attendance = progress_for(
        {"immediate_danger": "no", "who_is_asking": "professional", "about_professional": "no", "open_case": "no",
         "concern_area": "school_attendance", "attendance": "attends_well"}
    )  # fmt: skip
    assert attendance.outcome.route is engine.Route.UNIVERSAL
    assert signposting.directory_categories(attendance) == (
        "intensive-targeted-family-support",
        "targeted-youth-support",
    )
    other = progress_for(
        {"immediate_danger": "no", "who_is_asking": "professional", "about_professional": "no", "open_case": "no",
         "concern_area": "other", "other_level": "talk_it_through"}
    )  # fmt: skip
    assert signposting.directory_categories(other) == signposting.DEFAULT_CATEGORIES


def test_the_childs_age_comes_from_the_date_of_birth_on_the_path():
    housing = progress_for(
        {"immediate_danger": "no", "who_is_asking": "professional", "about_professional": "no", "open_case": "no",
         "concern_area": "housing_money", "child_dob": "2019-03-14"}
    )  # fmt: skip
    assert signposting.child_age_in_years(housing, date(2026, 11, 22)) == 7
    assert (
        signposting.child_age_in_years(progress_for({"immediate_danger": "no"}), date(2026, 11, 22)) is None
    )


def test_a_definition_with_an_unknown_services_field_is_refused():
    source = engine.load_named().source
    assert source is not None
    text = Path(source).read_text().replace("services: [parenting-support]", "services: parenting support", 1)
    problems = engine.definition_problems(text)
    assert any("'services' must be a list of directory category codes" in problem for problem in problems)


def test_universal_outcome_lists_nearby_services(client, default_version, demo_directory):  # noqa: F811
    screen_to(client, "UNIVERSAL")
    body = client.get(reverse("screener:outcome"), {"postcode": "NS1 1BB"}).content.decode()
    assert "Services that may help" in body and "The family's postcode (optional)" in body
    assert 'value="NS1 1BB"' in body and " away." in body
    assert body.count('class="govuk-link govuk-!-font-weight-bold"') >= 1


def test_a_social_care_outcome_does_not_signpost(client, default_version, demo_directory):  # noqa: F811
    screen_to(client, "CSC")
    body = client.get(reverse("screener:outcome")).content.decode()
    assert "Services that may help" not in body


def test_a_parent_asking_for_activities_is_shown_activities_not_drugs_or_bullying_services():
    toddler_groups = progress_for(
        {"immediate_danger": "no", "who_is_asking": "parent", "about_professional": "no", "open_case": "no",
         "concern_area": "information"}
    )  # fmt: skip
    assert toddler_groups.outcome.route is engine.Route.UNIVERSAL
    categories = signposting.directory_categories(toddler_groups)
    assert "parent-baby-and-toddler-groups" in categories and "activities-clubs-and-groups" in categories
    assert not {"substance-misuse", "bullying", "family-support"} & set(categories)
