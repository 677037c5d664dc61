"""Reads for quality assurance. Auditors see the cases assigned to them across teams: that is the point of
a dip sample (a second pair of eyes from outside the team), and each opening is in the access log."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from frontdoor.accounts.models import Role, User
from frontdoor.core import auditor
from frontdoor.core.permissions import Permission

from . import sampling
from .models import Audit, AuditAction, DipSample, Finding, Grade, Judgement, SampledCase, Theme


def _need(user, permission: Permission) -> None:  # type: ignore[no-untyped-def]
    if not user.has_perm(permission):
        raise PermissionDenied


def samples(user) -> QuerySet[DipSample]:  # type: ignore[no-untyped-def]
    _need(user, Permission.VIEW_QUALITY)
    return DipSample.objects.order_by("-week_starting")


def sample_for(user, sample_id: uuid.UUID) -> DipSample:  # type: ignore[no-untyped-def]
    sample = samples(user).filter(pk=sample_id).first()
    if sample is None:
        raise Http404
    return sample


@dataclass(frozen=True)
class Coverage:
    dimension: str
    value: str
    cases: int


def cases_in(sample: DipSample) -> list[SampledCase]:
    return list(
        sample.cases.select_related("contact", "auditor", "moderator", "audit").order_by("contact__reference")
    )


def coverage(sample: DipSample, cases: list[SampledCase]) -> list[Coverage]:
    counts = Counter((d, c.strata.get(d, "")) for c in cases for d in sample.strata)
    return [Coverage(d, v, n) for (d, v), n in sorted(counts.items())]


def my_work(user) -> tuple[list[SampledCase], list[Audit], list[AuditAction]]:  # type: ignore[no-untyped-def]
    """Cases to audit, audits to moderate and actions owned, for the quality page."""
    to_audit = list(
        SampledCase.objects.filter(auditor=user, audit__isnull=True).select_related("contact", "sample")
    )
    to_moderate = list(
        Audit.objects.filter(case__moderator=user, moderated_at__isnull=True).select_related("case__contact")
    )
    actions = list(
        AuditAction.objects.filter(owner=user, done_at__isnull=True).select_related("audit__case__contact")
    )
    return to_audit, to_moderate, actions


def case_for(user, case_id: uuid.UUID, *, path: str) -> SampledCase:  # type: ignore[no-untyped-def]
    """A sampled case, for its auditor, its moderator or anyone who audits; the opening is logged."""
    case = (
        SampledCase.objects.select_related(
            "contact__team", "decision__decided_by", "sample", "auditor", "moderator"
        )
        .filter(pk=case_id)
        .first()
    )
    allowed = case is not None and user.has_perm(Permission.AUDIT_CASES)
    auditor.record_access(
        actor=user,
        object_type="intake.Contact",
        object_id=str(case.contact_id if case else case_id),
        reference=case.contact.reference if case else "",
        path=path,
        granted=allowed,
    )
    if case is None:
        raise Http404
    if not allowed:
        raise PermissionDenied
    return case


def audit_of(case: SampledCase) -> Audit | None:
    return Audit.objects.filter(case=case).prefetch_related("findings", "actions__owner").first()


def action_for(user, action_id: uuid.UUID) -> AuditAction:  # type: ignore[no-untyped-def]
    action = AuditAction.objects.filter(pk=action_id).first()
    if action is None:
        raise Http404
    if action.owner_id != user.pk and not user.has_perm(Permission.AUDIT_CASES):
        raise PermissionDenied
    return action


def people_who_can_own_actions() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role__in=[Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.EARLY_HELP_WORKER]
        ).order_by("first_name", "last_name")
    )


# --- Over time -------------------------------------------------------------------------------------------


@dataclass
class WeekOfAudits:
    week_starting: date
    grades: dict[str, int]
    themes: dict[str, dict[str, int]]
    audits: int

    def grade_cells(self) -> list[int]:
        return [self.grades.get(g, 0) for g in Grade.values]

    def theme_cells(self) -> list[str]:
        cells = []
        for theme in Theme.values:
            counts = self.themes.get(theme, {})
            total = sum(counts.values())
            cells.append(f"{round(100 * counts.get(Judgement.MET, 0) / total)}%" if total else "–")
        return cells


def over_time(user, weeks: int = 12) -> list[WeekOfAudits]:  # type: ignore[no-untyped-def]
    """Final grades (the moderated one where there is one) and the share of each theme met, by week."""
    _need(user, Permission.VIEW_QUALITY)
    rows: dict[date, WeekOfAudits] = {}
    audits = Audit.objects.select_related("case__sample").order_by("-case__sample__week_starting")
    for audit in audits:
        week = audit.case.sample.week_starting
        row = rows.setdefault(
            week, WeekOfAudits(week, defaultdict(int), defaultdict(lambda: defaultdict(int)), 0)
        )
        row.grades[audit.final_grade] += 1
        row.audits += 1
    for finding in Finding.objects.select_related("audit__case__sample"):
        week = finding.audit.case.sample.week_starting
        if week in rows:
            rows[week].themes[finding.theme][finding.judgement] += 1
    return sorted(rows.values(), key=lambda r: r.week_starting, reverse=True)[:weeks]


DIMENSION_LABELS = {"team": "Team", "worker": "Worker", "outcome": "Outcome", "weekday": "Day decided"}
assert set(DIMENSION_LABELS) == set(sampling.DIMENSIONS)
