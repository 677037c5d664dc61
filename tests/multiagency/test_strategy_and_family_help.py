"""Strategy discussions with the multi-agency child protection team and their timers; Family Help with a lead
practitioner; the handover of a referral to assessment."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.codes import Outcome
from frontdoor.core.errors import Refused
from frontdoor.multiagency import services, timescales
from frontdoor.multiagency.models import AssessmentHandover, MemberAgency, StrategyDiscussion
from frontdoor.triage.models import Decision
from tests.conftest import signed_in

LONDON = ZoneInfo("Europe/London")
TEAM = [
    services.MemberDetails("DS Test", MemberAgency.POLICE, "Testshire Police"),
    services.MemberDetails("Nurse Test", MemberAgency.HEALTH, "Health visiting"),
    services.MemberDetails("Ms Teacher", MemberAgency.EDUCATION, "Testfield Primary"),
    services.MemberDetails("Sam Social", MemberAgency.SOCIAL_WORK, "CHAT"),
]


def decided(contact, user, outcome, when=None):
    return Decision.objects.create(
        contact=contact,
        outcome=outcome,
        rationale="Synthetic.",
        decided_by=user,
        decided_at=when or timezone.now(),
    )


def schedule(contact, user, members=TEAM, reason=""):
    return services.schedule_strategy_discussion(
        contact=contact,
        user=user,
        scheduled_for=timezone.now() + timedelta(hours=2),
        how_held=StrategyDiscussion.HowHeld.VIDEO,
        members=list(members),
        missing_members_reason=reason,
    )


def outcome(discussion, **overrides):
    values = {
        "held_at": timezone.now() - timedelta(minutes=5),
        "attended": {str(m.pk) for m in discussion.members.all()},
        "information_shared": "Police: two call-outs. Health: missed appointments.",
        "result": StrategyDiscussion.Result.JOINT_S47,
        "actions": (
            services.ActionDetails("Joint visit", "DS Test", timezone.localdate() + timedelta(days=1)),
        ),
    }
    values.update(overrides)
    return services.StrategyOutcome(**values)


def record(discussion, user, **overrides):
    discussion.refresh_from_db()
    return services.record_strategy_discussion(
        discussion=discussion, user=user, outcome=outcome(discussion, **overrides), version=discussion.version
    )


# --- Timers ----------------------------------------------------------------------------------------------


def test_strategy_discussion_and_conference_timers_are_working_days():
    decided_at = datetime(2026, 4, 2, 16, 0, tzinfo=LONDON)  # Thursday before Easter
    assert timescales.strategy_discussion_due(decided_at) == datetime(2026, 4, 7, 16, 0, tzinfo=LONDON)
    held = datetime(2026, 12, 18, 10, 0, tzinfo=LONDON)  # 15 working days, over Christmas and New Year
    assert timescales.conference_due(held) == datetime(2027, 1, 13, 10, 0, tzinfo=LONDON)
    referral = datetime(2026, 5, 1, 9, 0, tzinfo=LONDON)
    assert timescales.assessment_due(referral) == datetime(
        2026, 7, 7, 9, 0, tzinfo=LONDON
    )  # May bank holidays skipped


def test_the_discussion_is_due_a_working_day_from_the_decision_and_a_s47_starts_the_conference_clock(
    contact, social_worker
):
    decision = decided(
        contact, social_worker, Outcome.STRATEGY_DISCUSSION, timezone.now() - timedelta(hours=3)
    )
    discussion = schedule(contact, social_worker)
    assert discussion.needed_since == decision.decided_at
    assert discussion.due_by == timescales.strategy_discussion_due(decision.decided_at)

    held = record(discussion, social_worker)
    assert held.held_in_time
    assert held.conference_due_by == timescales.conference_due(held.held_at)


def test_no_section_47_needs_what_happens_instead_and_has_no_conference(contact, social_worker):
    discussion = schedule(contact, social_worker)
    with pytest.raises(Refused, match="what happens instead"):
        record(discussion, social_worker, result=StrategyDiscussion.Result.NO_S47)
    held = record(
        discussion,
        social_worker,
        result=StrategyDiscussion.Result.NO_S47,
        instead="Child and family assessment",
    )
    assert held.conference_due_by is None and held.instead == "Child and family assessment"


def test_without_police_or_health_the_discussion_is_warned_and_needs_a_reason(contact, social_worker):
    no_police = [m for m in TEAM if m.agency != MemberAgency.POLICE]
    with pytest.raises(Refused, match="No one from police is invited"):
        schedule(contact, social_worker, no_police)
    discussion = schedule(contact, social_worker, no_police, reason="Police attend by phone later today")

    health = {str(m.pk) for m in discussion.members.all() if m.agency != MemberAgency.HEALTH}
    with pytest.raises(Refused, match="No one from police and health took part|No one from health took part"):
        record(discussion, social_worker, attended=health)
    held = record(discussion, social_worker, attended=health, missing_members_reason="Nurse called away")
    assert "Nurse called away" in held.missing_members_reason
    assert not held.members.get(agency=MemberAgency.HEALTH).attended


def test_actions_with_past_due_dates_are_refused_and_nothing_is_saved(contact, social_worker):
    discussion = schedule(contact, social_worker)
    past = (services.ActionDetails("Visit", "DS Test", timezone.localdate() - timedelta(days=1)),)
    with pytest.raises(Refused, match="which has passed"):
        record(discussion, social_worker, actions=past)
    discussion.refresh_from_db()
    assert discussion.held_at is None and not discussion.actions.exists()


def test_the_strategy_pages_arrange_and_record_with_clear_messages(client, contact, social_worker):
    signed_in(client, social_worker)
    url = reverse("multiagency:schedule_strategy", args=[contact.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "day_0": tomorrow.day, "day_1": tomorrow.month, "day_2": tomorrow.year, "time": "10:00",
        "how_held": "video", "member_0_name": "Sam Social", "member_0_agency": "social_work",
    }  # fmt: skip
    refused = client.post(url, data).content.decode()
    assert "No one from police, health and education is invited" in refused and "Sam Social" in refused
    client.post(url, {**data, "missing_members_reason": "Out of hours: police by phone"})
    discussion = StrategyDiscussion.objects.get()

    record_url = reverse("multiagency:record_strategy", args=[contact.pk, discussion.pk])
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    form = {
        "day_0": today.day, "day_1": today.month, "day_2": today.year, "time": "00:01",
        "attended": [str(discussion.members.get().pk)], "information_shared": "What we know.",
        "result": "s47_single", "version": discussion.version,
        "action_0_action": "Visit", "action_0_owner": "Sam",
        "action_0_due_on_0": yesterday.day, "action_0_due_on_1": yesterday.month, "action_0_due_on_2": yesterday.year,
        "missing_members_reason": "Police by phone",
    }  # fmt: skip
    page = client.post(record_url, form).content.decode()
    assert "Action 1 is due in the past" in page and "What we know." in page
    form.update(
        {"action_0_due_on_0": today.day, "action_0_due_on_1": today.month, "action_0_due_on_2": today.year}
    )
    contact_page = client.post(record_url, form, follow=True).content.decode()
    assert "Strategy discussion recorded" in contact_page
    assert "Section 47 enquiry, single agency" in contact_page and "Conference:" in contact_page


# --- Family Help --------------------------------------------------------------------------------------


def lead(**overrides):
    values = {
        "name": "Lee Lead",
        "organisation": "North Family Help team",
        "level": "Intensive",
        "handover_on": timezone.localdate(),
        "email": "lee@council.example",
    }
    values.update(overrides)
    return services.LeadPractitionerDetails(**values)


def test_a_contact_stepped_to_family_help_gets_a_lead_practitioner_visible_on_the_contact(
    client, contact, social_worker
):
    with pytest.raises(Refused, match="decided for early help"):
        services.allocate_lead_practitioner(contact=contact, user=social_worker, details=lead())
    decided(contact, social_worker, Outcome.EARLY_HELP)
    with pytest.raises(Refused, match="level of need"):
        services.allocate_lead_practitioner(
            contact=contact, user=social_worker, details=lead(level="Level 9")
        )
    with pytest.raises(Refused, match="before the decision"):
        services.allocate_lead_practitioner(
            contact=contact, user=social_worker, details=lead(handover_on=date(2020, 1, 1))
        )
    first = services.allocate_lead_practitioner(contact=contact, user=social_worker, details=lead())
    services.allocate_lead_practitioner(
        contact=contact, user=social_worker, details=lead(name="Kim Keyworker")
    )
    first.refresh_from_db()
    assert first.ended_at is not None

    page = signed_in(client, social_worker).get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Kim Keyworker, North Family Help team" in page and "Level of need: Intensive" in page


def test_the_council_can_choose_the_families_first_scale(settings, contact, social_worker):
    settings.FRONTDOOR_FAMILY_HELP_SCALE = "families_first"
    decided(contact, social_worker, Outcome.EARLY_HELP)
    chosen = services.allocate_lead_practitioner(
        contact=contact, user=social_worker, details=lead(level="Family Help")
    )
    assert chosen.level == "Family Help"


def test_family_network_and_family_group_offer_are_recorded_on_the_contact(client, contact, social_worker):
    signed_in(client, social_worker)
    client.post(
        reverse("multiagency:family_network", args=[contact.pk]),
        {"name": "Gran Example", "relationship": "Maternal grandmother", "contact_details": "01632 960123"},
    )
    today = timezone.localdate()
    client.post(
        reverse("multiagency:family_group_offer", args=[contact.pk]),
        {
            "offered_on_0": today.day,
            "offered_on_1": today.month,
            "offered_on_2": today.year,
            "response": "accepted",
        },
    )
    page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Gran Example (Maternal grandmother)" in page and ": Accepted" in page


def test_a_referral_to_assessment_is_accepted_by_the_receiving_team_with_45_working_days(
    client, contact, social_worker, make_user, chat
):
    decided(contact, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT)
    handover = services.hand_over_for_assessment(contact=contact, user=social_worker, receiving_team=chat)
    assert handover.assessment_due_at == timescales.assessment_due(contact.received_at)
    with pytest.raises(Refused, match="already been handed over"):
        services.hand_over_for_assessment(contact=contact, user=social_worker, receiving_team=chat)

    signed_in(client, social_worker)
    assert contact.reference in client.get(reverse("multiagency:handovers")).content.decode()
    client.post(reverse("multiagency:accept_handover", args=[handover.pk]))
    assert AssessmentHandover.objects.get().accepted_by == social_worker
    again = client.post(reverse("multiagency:accept_handover", args=[handover.pk]), follow=True)
    assert "already accepted" in again.content.decode()


def test_a_strategy_decision_shows_when_the_discussion_is_needed_by(client, contact, social_worker):
    decided(contact, social_worker, Outcome.STRATEGY_DISCUSSION)
    page = signed_in(client, social_worker).get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Strategy discussion needed by" in page
    schedule(contact, social_worker)
    page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Strategy discussion needed by" not in page and "To be held:" in page


def test_the_family_network_is_carried_with_the_handover(client, contact, social_worker, chat):
    services.add_family_network_member(
        contact=contact,
        user=social_worker,
        details=services.NetworkMemberDetails("Gran Example", "Grandmother"),
    )
    decided(contact, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT)
    services.hand_over_for_assessment(contact=contact, user=social_worker, receiving_team=chat)
    page = signed_in(client, social_worker).get(reverse("multiagency:handovers")).content.decode()
    assert "Family network: Gran Example (Grandmother)" in page


def test_the_staff_menu_leads_to_handovers_overdue_requests_and_partner_agencies(
    client, social_worker, team_manager, contact_officer
):
    worker_menu = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert "Handovers" in worker_menu and "Overdue requests" not in worker_menu
    manager_menu = signed_in(client, team_manager).get(reverse("triage:queue")).content.decode()
    assert all(item in manager_menu for item in ("Handovers", "Overdue requests", "Partner agencies"))
    assert signed_in(client, contact_officer).get(reverse("multiagency:handovers")).status_code == 403
