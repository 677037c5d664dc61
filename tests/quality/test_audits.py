"""The weekly dip sample drawn from decided contacts, audits, moderation by a second auditor, actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.core.codes import Outcome
from frontdoor.quality import services
from frontdoor.quality.models import Audit, DipSample, SampledCase, Theme
from frontdoor.quality.sampling import DIMENSIONS
from frontdoor.triage.models import Decision
from tests.conftest import signed_in
from tests.feedback.factories import ContactFactory
from tests.triage.helpers import decide, oversee

pytestmark = pytest.mark.django_db
OUTCOMES = [Outcome.NO_FURTHER_ACTION, Outcome.CHILD_AND_FAMILY_ASSESSMENT, Outcome.ADVICE_OR_SIGNPOST]


@pytest.fixture
def week(chat, fast, make_user, social_worker, early_help_worker, team_manager, early_help_manager):
    """Twelve decisions last week across two teams, three workers, three outcomes and five days."""
    make_user("tm.third", Role.TEAM_MANAGER, chat)
    second = make_user("sw.second", Role.SOCIAL_WORKER, chat)
    monday = services.week_starting(timezone.localdate()) - timedelta(days=7)
    for i in range(12):
        team, worker, manager = (
            (fast, early_help_worker, early_help_manager)
            if i % 4 == 3
            else (chat, [social_worker, second][i % 2], team_manager)
        )
        outcome = Outcome.EARLY_HELP if team == fast else OUTCOMES[i % 3]
        decision = oversee(decide(ContactFactory(team=team), worker, outcome), manager)
        day = timezone.make_aware(
            timezone.datetime.combine(monday + timedelta(days=i % 5), timezone.datetime.min.time())
        )
        Decision.objects.filter(pk=decision.pk).update(decided_at=day + timedelta(hours=10))
    return monday


def test_the_weekly_sample_covers_every_stratum_and_is_reproducible(week):
    sample = services.draw_last_week()
    cases = list(sample.cases.all())
    population = services.population(week)
    for dimension in DIMENSIONS:
        assert {c.strata[dimension] for c in cases} == {case.strata[dimension] for _, case in population}
    assert sample.seed == services.seed_for(week)
    assert services.draw_last_week() is None  # once a week
    drawn = {c.decision_id for c in cases}
    DipSample.objects.all().delete()
    again = services.draw_sample(week=week, seed=sample.seed)
    assert {c.decision_id for c in again.cases.all()} == drawn


def test_auditors_never_audit_their_own_decisions_and_moderators_are_someone_else(week):
    sample = services.draw_last_week()
    for case in SampledCase.objects.filter(sample=sample).select_related("decision"):
        assert case.auditor_id not in (case.decision.decided_by_id, case.decision.overseen_by_id)
        assert case.moderator_id and case.moderator_id != case.auditor_id


def _audit_form(**overrides):
    data = {"grade": "good", "summary": "Sound decision, history read."}
    for theme in Theme:
        data[theme.value] = "met"
        data[f"{theme.value}_note"] = ""
    data.update(overrides)
    return data


def test_an_audit_then_moderation_then_an_action_and_the_trend(client, week, analyst):
    services.draw_last_week()
    case = SampledCase.objects.select_related("auditor", "moderator").first()
    signed_in(client, case.auditor)
    url = reverse("quality:audit_case", args=[case.pk])
    missing = client.post(url, _audit_form(consent="", summary="Keep this"))
    assert "Select a finding for ‘consent’" in missing.content.decode()
    assert "Keep this" in missing.content.decode()
    saved = client.post(url, _audit_form(voice_of_child="not_met", grade="requires_improvement"), follow=True)
    assert "Audit of" in saved.content.decode() and "Requires improvement" in saved.content.decode()
    own = client.post(reverse("quality:moderate", args=[case.pk]), {"agree": "yes"})
    assert "A second auditor must moderate" in own.content.decode()
    signed_in(client, case.moderator)
    blank = client.post(reverse("quality:moderate", args=[case.pk]), {"agree": "no", "grade": "inadequate"})
    assert "Enter why you would grade it differently" in blank.content.decode()
    client.post(
        reverse("quality:moderate", args=[case.pk]),
        {"agree": "no", "grade": "inadequate", "comment": "The child was not seen or heard."},
    )
    assert Audit.objects.get().final_grade == "inadequate"
    due = timezone.localdate() + timedelta(days=14)
    client.post(
        reverse("quality:add_action", args=[case.pk]),
        {"text": "Team briefing on the voice of the child", "owner": str(case.auditor.pk),
         "due_0": due.day, "due_1": due.month, "due_2": due.year},
    )  # fmt: skip
    signed_in(client, case.auditor)
    assert (
        "Team briefing on the voice of the child" in client.get(reverse("quality:quality")).content.decode()
    )
    trend = signed_in(client, analyst).get(reverse("quality:trends")).content.decode()
    assert "Inadequate" in trend and "0%" in trend  # voice of the child not met


def test_only_the_assigned_auditor_can_audit(client, week, team_manager):
    services.draw_last_week()
    case = SampledCase.objects.exclude(auditor=team_manager).first()
    signed_in(client, team_manager)
    page = client.get(reverse("quality:audit_case", args=[case.pk]))
    assert "Only its auditor can audit it" in page.content.decode()


def test_a_worker_cannot_open_the_quality_pages(client, social_worker, week):
    services.draw_last_week()
    signed_in(client, social_worker)
    assert client.get(reverse("quality:quality")).status_code == 403
    assert client.get(reverse("quality:audit_case", args=[SampledCase.objects.first().pk])).status_code == 403


def test_the_council_sets_the_size_and_strata(client, team_manager):
    signed_in(client, team_manager)
    bad = client.post(reverse("quality:plan"), {"size": "0"})
    assert "Enter a sample size between 1 and 200" in bad.content.decode()
    assert "Select at least one thing the sample must cover" in bad.content.decode()
    client.post(reverse("quality:plan"), {"size": "4", "strata": ["team", "weekday"]})
    assert services.current_plan().size == 4 and services.current_plan().strata == ["team", "weekday"]


def test_a_manager_draws_a_week_by_hand_once(client, team_manager, week):
    signed_in(client, team_manager)
    data = {"week_0": week.day, "week_1": week.month, "week_2": week.year, "seed": "42"}
    page = client.post(reverse("quality:quality"), data, follow=True)
    assert "seed 42" in page.content.decode()
    again = client.post(reverse("quality:quality"), data)
    assert "already been drawn" in again.content.decode()


def test_the_worker_draws_only_when_last_week_had_decisions_and_no_sample(
    db, chat, social_worker, team_manager
):
    assert services.last_week_not_drawn() is False  # nothing decided: nothing to do
    decision = oversee(
        decide(ContactFactory(team=chat), social_worker, Outcome.NO_FURTHER_ACTION), team_manager
    )
    last_week = services.week_starting(timezone.localdate()) - timedelta(days=7)
    Decision.objects.filter(pk=decision.pk).update(
        decided_at=timezone.make_aware(timezone.datetime.combine(last_week, timezone.datetime.min.time()))
    )
    assert services.last_week_not_drawn() is True
    services.draw_last_week()
    assert services.last_week_not_drawn() is False
