"""Every write for quality assurance: the council's sample plan, drawing the weekly dip sample, audits,
moderation and actions. Each checks its own permission and audits what it did."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.core import auditor
from frontdoor.core.codes import Outcome
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.triage.models import Decision

from . import sampling
from .models import Audit, AuditAction, DipSample, Finding, Grade, Judgement, SampledCase, SamplePlan, Theme

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def current_plan() -> SamplePlan:
    plan = SamplePlan.objects.order_by("pk").first()
    return plan or SamplePlan(size=10, strata=list(sampling.DIMENSIONS))


def set_plan(*, user, size: int, strata: list[str]) -> SamplePlan:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.MANAGE_DIP_SAMPLE):
        raise PermissionDenied
    if not 1 <= size <= 200:
        raise Refused("Enter a sample size between 1 and 200")
    if not strata or set(strata) - set(sampling.DIMENSIONS):
        raise Refused("Select at least one thing the sample must cover")
    with transaction.atomic():
        plan = SamplePlan.objects.select_for_update().order_by("pk").first() or SamplePlan()
        before = {"size": plan.size, "strata": plan.strata} if plan.pk else None
        plan.size, plan.strata, plan.updated_by, plan.updated_at = size, strata, user, timezone.now()
        plan.save()
        auditor.record_change(
            actor=user,
            action="dip_sample_plan.set",
            obj=plan,
            before=before,
            after={"size": size, "strata": strata},
        )
    return plan


def week_starting(day: date) -> date:
    return day - timedelta(days=day.weekday())


def seed_for(week: date) -> int:
    """The default seed: the week itself, so anyone can draw the same sample again."""
    return int(week.strftime("%Y%m%d"))


def _week_bounds(week: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(week, time()))
    return start, timezone.make_aware(datetime.combine(week + timedelta(days=7), time()))


def population(week: date) -> list[tuple[Decision, sampling.Case]]:
    """Every decision agreed in the week, with its strata: team, worker, outcome and day decided."""
    start, end = _week_bounds(week)
    decisions = (
        Decision.objects.filter(
            oversight=Decision.Oversight.AGREED, decided_at__gte=start, decided_at__lt=end
        )
        .select_related("contact__team", "decided_by")
        .order_by("pk")
    )
    return [
        (
            decision,
            sampling.Case(
                key=str(decision.pk),
                strata={
                    "team": decision.contact.team.name,
                    "worker": decision.decided_by.display_name,
                    "outcome": Outcome(decision.outcome).label,
                    "weekday": WEEKDAYS[timezone.localtime(decision.decided_at).weekday()],
                },
            ),
        )
        for decision in decisions
    ]


def auditors() -> list[User]:
    return list(User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("username"))


def _assign(cases: list[SampledCase]) -> None:
    """Round-robin over the auditors, never someone who made or agreed the decision; the moderator is a
    second, different auditor."""
    people = auditors()
    if not people:
        return
    turn = itertools.cycle(range(len(people)))
    for case in cases:
        involved = {case.decision.decided_by_id, case.decision.overseen_by_id}
        free = [p for p in people if p.pk not in involved] or people
        start = next(turn) % len(free)
        case.auditor = free[start]
        others = [p for p in free if p.pk != case.auditor.pk]
        case.moderator = others[start % len(others)] if others else None
        case.save(update_fields=["auditor", "moderator"])


class AlreadyDrawn(Refused):
    default_message = "This week's sample has already been drawn."


def draw_sample(*, week: date, seed: int | None = None, user=None) -> DipSample:  # type: ignore[no-untyped-def]
    """Draw the week's dip sample under the council's plan, and assign auditors. One sample per week."""
    if user is not None and not user.has_perm(Permission.MANAGE_DIP_SAMPLE):
        raise PermissionDenied
    week = week_starting(week)
    if DipSample.objects.filter(week_starting=week).exists():
        raise AlreadyDrawn()
    plan = current_plan()
    seed = seed_for(week) if seed is None else seed
    cases = population(week)
    by_key = {case.key: decision for decision, case in cases}
    chosen = sampling.draw([case for _, case in cases], size=plan.size, dimensions=plan.strata, seed=seed)
    try:
        with transaction.atomic():
            sample = DipSample.objects.create(
                week_starting=week,
                seed=seed,
                size=plan.size,
                strata=list(plan.strata),
                population=len(cases),
                drawn_at=timezone.now(),
                drawn_by=user,
            )
            made = [
                SampledCase.objects.create(
                    sample=sample,
                    decision=by_key[case.key],
                    contact=by_key[case.key].contact,
                    strata=dict(case.strata),
                )  # fmt: skip
                for case in chosen
            ]
            _assign(made)
            auditor.record_change(
                actor=user,
                action="dip_sample.drawn",
                obj=sample,
                before=None,
                after={"week": week.isoformat(), "seed": seed, "cases": len(made), "population": len(cases)},
                actor_description="" if user else "weekly dip sample",
            )
    except IntegrityError:
        raise AlreadyDrawn() from None
    return sample


def draw_last_week(today: date | None = None) -> DipSample | None:
    """The worker's weekly job: last week's sample, once."""
    week = week_starting(today or timezone.localdate()) - timedelta(days=7)
    try:
        return draw_sample(week=week)
    except AlreadyDrawn:
        return None


def last_week_not_drawn() -> bool:
    """The worker's cheap check: last week had decisions to sample and its sample is not drawn yet."""
    week = week_starting(timezone.localdate()) - timedelta(days=7)
    start, end = _week_bounds(week)
    return (
        not DipSample.objects.filter(week_starting=week).exists()
        and Decision.objects.filter(
            oversight=Decision.Oversight.AGREED, decided_at__gte=start, decided_at__lt=end
        ).exists()
    )


@dataclass(frozen=True)
class FindingInput:
    theme: str
    judgement: str
    note: str


def record_audit(*, case: SampledCase, user, grade: str, summary: str, findings: list[FindingInput]) -> Audit:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.AUDIT_CASES) or case.auditor_id != user.pk:
        raise PermissionDenied
    if grade not in Grade.values:
        raise Refused("Select a grade")
    if {f.theme for f in findings} != set(Theme.values) or any(
        f.judgement not in Judgement.values for f in findings
    ):
        raise Refused("Select a finding for every theme")
    try:
        with transaction.atomic():
            audit = Audit.objects.create(
                case=case, auditor=user, grade=grade, summary=summary, completed_at=timezone.now()
            )
            Finding.objects.bulk_create(
                Finding(audit=audit, theme=f.theme, judgement=f.judgement, note=f.note) for f in findings
            )
            auditor.record_change(
                actor=user,
                action="case_audit.recorded",
                obj=case.contact,
                before=None,
                after={"audit_id": str(audit.pk), "grade": grade, **{f.theme: f.judgement for f in findings}},
            )
    except IntegrityError:
        raise Refused("This case has already been audited. Nothing was saved.") from None
    return audit


def moderate(*, audit: Audit, user, agree: bool, grade: str, comment: str) -> Audit:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.AUDIT_CASES):
        raise PermissionDenied
    if user.pk == audit.auditor_id:
        raise Refused("A second auditor must moderate an audit you carried out yourself.")
    if not agree and grade not in Grade.values:
        raise Refused("Select the grade you think is right")
    if not agree and not comment.strip():
        raise Refused("Enter why you would grade it differently")
    with transaction.atomic():
        updated = Audit.objects.filter(pk=audit.pk, moderated_at__isnull=True).update(
            moderated_grade=audit.grade if agree else grade,
            moderated_by=user,
            moderated_at=timezone.now(),
            moderation_comment=comment.strip(),
        )
        if not updated:
            raise Refused("Someone else has already moderated this audit. Nothing was saved.")
        audit.refresh_from_db()
        auditor.record_change(
            actor=user,
            action="case_audit.moderated",
            obj=audit.case.contact,
            before={"audit_id": str(audit.pk), "grade": audit.grade},
            after={"audit_id": str(audit.pk), "grade": audit.moderated_grade, "agreed": agree},
            reason=comment,
        )
    return audit


def add_action(*, audit: Audit, user, text: str, owner: User, due: date) -> AuditAction:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.AUDIT_CASES):
        raise PermissionDenied
    if not text.strip():
        raise Refused("Enter what needs to happen")
    if due < timezone.localdate():
        raise Refused("The date the action is due must be today or in the future")
    with transaction.atomic():
        action = AuditAction.objects.create(
            audit=audit, text=text.strip()[:500], owner=owner, due=due, set_by=user, set_at=timezone.now()
        )
        auditor.record_change(
            actor=user,
            action="case_audit.action_set",
            obj=audit.case.contact,
            before=None,
            after={"audit_id": str(audit.pk), "owner_id": str(owner.pk), "due": due.isoformat()},
        )
    return action


def complete_action(*, action: AuditAction, user) -> AuditAction:  # type: ignore[no-untyped-def]
    if action.owner_id != user.pk and not user.has_perm(Permission.AUDIT_CASES):
        raise PermissionDenied
    AuditAction.objects.filter(pk=action.pk, done_at__isnull=True).update(done_at=timezone.now())
    action.refresh_from_db()
    return action
