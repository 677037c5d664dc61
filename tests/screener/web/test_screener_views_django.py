"""The public screener: each question kind, back links, errors kept, and the route always re-derived."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.intake.models import Contact
from frontdoor.screener.models import EmergencyRouteCount, RequestDraft, Screening
from tests.screener.web.journey import ROUTES, answer, dob_parts, screen_to, years_ago


def q(question_id):
    return reverse("screener:question", args=[question_id])


def test_concern_is_the_start_page(client, db):
    body = client.get("/concern/").content.decode()
    assert "Tell us about a concern about a child" in body and reverse("screener:begin") in body


def test_start_goes_to_the_first_question_with_the_live_version(client, default_version):
    response = client.get(reverse("screener:begin"))
    assert response.url == q("immediate_danger")
    assert client.session["screener"]["definition_id"] == str(default_version.pk)
    body = client.get(response.url).content.decode()
    assert "Is the child in immediate danger?" in body and "govuk-radios--inline" in body
    assert 'href="/concern/"' in body  # back to the start page


def test_a_missing_answer_shows_the_definitions_message_and_title(client, default_version):
    client.get(reverse("screener:begin"))
    body = client.post(q("immediate_danger"), {}).content.decode()
    assert body.count("Select if the child is in immediate danger") == 2
    assert "<title>Error: Is the child in immediate danger?" in body


@pytest.mark.parametrize("tampered", ["maybe", "<script>alert(1)</script>", ""])
def test_a_tampered_radio_value_is_an_error_not_a_crash(client, default_version, tampered):
    client.get(reverse("screener:begin"))
    response = client.post(q("immediate_danger"), {"immediate_danger": tampered})
    body = response.content.decode()
    assert response.status_code == 200 and "Select if the child is in immediate danger" in body
    assert "<script>alert(1)</script>" not in body


def test_checkboxes_keep_what_was_ticked_when_none_of_these_is_not_alone(client, default_version):
    screen_to(client, "CSC")  # reaches injury_signs on the way
    response = answer(client, "injury_signs", {"injury_signs": ["none", "unusual_place"]})
    body = response.content.decode()
    assert response.status_code == 200 and "Select ‘None of these’ on its own" in body
    assert body.count("checked") == 2


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"child_dob_0": "31", "child_dob_1": "2", "child_dob_2": "2019"},
            "Date of birth must be a real date",
        ),
        (
            {"child_dob_0": "1", "child_dob_1": "", "child_dob_2": "2019"},
            "Date of birth must include a month",
        ),
        ({"child_dob_0": "1", "child_dob_1": "1", "child_dob_2": "19"}, "Year must include 4 numbers"),
        (dob_parts(timezone.localdate() + timedelta(days=2)), "Date of birth must be in the past"),
    ],
)
def test_date_questions_explain_bad_dates_and_keep_them(client, default_version, parts, message):
    client.get(reverse("screener:begin"))
    for question_id, data in ROUTES["CSC"][:5]:
        answer(client, question_id, data)
    response = answer(client, "child_dob", parts)
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert f'value="{parts["child_dob_2"]}"' in body


def test_text_questions_are_checked_for_length_and_escaped(client, definition_with_text):
    client.get(reverse("screener:begin"))
    answer(client, "danger", {"danger": "no"})
    answer(client, "area", {"area": "school"})
    body = answer(client, "details", {"details": "x" * 51}).content.decode()
    assert "What you tell us about the school must be 50 characters or less" in body
    script = "<script>alert(1)</script>"
    assert answer(client, "details", {"details": script}).url == reverse("screener:outcome")
    body = client.get(reverse("screener:outcome")).content.decode()
    assert script not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_back_links_follow_the_path(client, default_version):
    screen_to(client, "CSC")
    body = client.get(q("injury_signs")).content.decode()
    assert f'href="{q("child_dob")}" class="govuk-back-link"' in body
    body = client.get(reverse("screener:outcome")).content.decode()
    assert f'href="{q("injury_signs")}" class="govuk-back-link"' in body
    # Going back shows the answer given, and continuing goes to the next question on the path
    body = client.get(q("concern_area")).content.decode()
    assert 'value="injury" checked' in body
    assert answer(client, "concern_area", {"concern_area": "injury"}).url == q("child_dob")


def test_jumping_to_a_later_question_goes_back_to_the_first_unanswered(client, default_version):
    client.get(reverse("screener:begin"))
    answer(client, "immediate_danger", {"immediate_danger": "no"})
    assert client.get(q("injury_signs")).url == q("who_is_asking")
    assert client.post(q("injury_signs"), {"injury_signs": ["child_says_adult"]}).url == q("who_is_asking")
    assert client.get(reverse("screener:outcome")).url == q("who_is_asking")
    assert client.get(q("no_such_question")).status_code == 404


def test_a_changed_answer_drops_the_answers_after_it(client, default_version):
    screen_to(client, "CSC")
    assert answer(client, "concern_area", {"concern_area": "behaviour"}).url == q("behaviour_signs")
    assert set(client.session["screener"]["answers"]) == {
        "immediate_danger",
        "who_is_asking",
        "about_professional",
        "open_case",
        "concern_area",
    }


def test_not_sure_about_danger_asks_what_is_happening_and_never_contradicts_itself(client, default_version):
    client.get(reverse("screener:begin"))
    assert answer(client, "immediate_danger", {"immediate_danger": "not_sure"}).url == q("danger_now")
    body = client.get(q("danger_now")).content.decode()
    assert "Which of these is happening now?" in body and "I cannot tell what is happening" in body
    assert answer(client, "danger_now", {"danger_now": ["none"]}).url == q("who_is_asking")
    assert answer(client, "who_is_asking", {"who_is_asking": "public"}).url == q("about_professional")
    assert answer(client, "about_professional", {"about_professional": "not_sure"}).url == reverse(
        "screener:outcome"
    )
    body = client.get(reverse("screener:outcome")).content.decode()
    assert "Tell the LADO about your worry" in body
    assert "none of the signs of immediate danger is happening now" in body
    assert "You told us the child is in immediate danger" not in body
    assert (
        "counted as the more serious answer" in body
    )  # the LADO "not sure" still counts as yes, and says so


def test_not_sure_about_danger_and_a_child_left_alone_is_999_with_the_reason(client, default_version):
    client.get(reverse("screener:begin"))
    answer(client, "immediate_danger", {"immediate_danger": "not_sure"})
    assert answer(client, "danger_now", {"danger_now": ["left_alone"]}).url == reverse("screener:outcome")
    body = client.get(reverse("screener:outcome")).content.decode()
    assert "Call 999 now" in body and "happening now that puts the child in danger" in body
    assert "You told us the child is in immediate danger" not in body and "You were not sure" not in body


@pytest.mark.parametrize(
    ("route", "title", "contact"),
    [
        ("EMERGENCY", "Call 999 now", "01632 960100"),
        ("LADO", "Tell the LADO about your worry", "lado@northshire.example"),
        ("CSC", "Talk to the social work line now", "01632 960199"),
        ("EARLY_HELP", "Ask for early help for the family", "01632 960300"),
        ("UNIVERSAL", "Services the family already uses can help", "0808 157 0123"),
        ("ADVICE", "Talk it through with a social worker", "01632 960500"),
        ("PRIVATE_FOSTERING", "Tell us about a private fostering arrangement", "01632 960100"),
    ],
)
def test_each_route_has_an_outcome_page_with_what_to_do_and_when_you_will_hear(
    client, default_version, route, title, contact
):
    screen_to(client, route)
    body = client.get(reverse("screener:outcome")).content.decode()
    assert f'data-route="{route}">{title}</h1>' in body
    assert contact in body and "What to do now" in body and "When you will hear from us" in body
    assert "Why we have suggested this" in body
    assert ("Send a request for service" in body) == (route == "CSC")
    assert ("Send a request for early help" in body) == (route == "EARLY_HELP")
    assert Contact.objects.count() == 0 and Screening.objects.count() == 0


def test_the_emergency_route_stores_nothing_but_a_count(client, default_version):
    screen_to(client, "EMERGENCY")
    client.get(reverse("screener:outcome"))
    answer(client, "immediate_danger", {"immediate_danger": "yes"})  # back and the same answer again
    assert EmergencyRouteCount.objects.get(day=timezone.localdate()).count == 1
    screen_to(client, "EMERGENCY")  # a new screening
    assert EmergencyRouteCount.objects.get().count == 2
    assert Contact.objects.count() == RequestDraft.objects.count() == Screening.objects.count() == 0


@pytest.mark.parametrize("route", ["UNIVERSAL", "LADO", "EMERGENCY"])
def test_request_pages_need_answers_that_lead_to_a_request(client, default_version, route):
    screen_to(client, route)
    for url in [
        reverse("screener:request"),
        reverse("screener:item", args=["children", 1]),
        reverse("screener:section", args=["referrer"]),
        reverse("screener:check"),
    ]:
        assert client.get(url).url == reverse("screener:outcome")


def test_request_pages_without_a_screening_go_to_the_start(client, db):
    assert client.get(reverse("screener:check")).url == reverse("screener:start")
    assert client.get(q("immediate_danger")).url == reverse("screener:begin")


def test_a_journey_keeps_the_version_it_started_with(client, default_version, definition_with_text):
    # definition_with_text went live after default_version; a session that started before keeps the old one
    session = client.session
    session["screener"] = {"definition_id": str(default_version.pk), "answers": {}}
    session.save()
    assert client.get(q("immediate_danger")).status_code == 200
    assert client.get(reverse("screener:begin")).url == q("danger")  # a new start uses the live one


def test_a_dob_on_the_default_definition_routes_a_baby_who_cannot_move(client, default_version):
    client.get(reverse("screener:begin"))
    for question_id, data in ROUTES["CSC"][:5]:
        answer(client, question_id, data)
    assert answer(client, "child_dob", dob_parts(years_ago(0) - timedelta(days=90))).url == q("baby_mobile")
