"""Quality assurance pages. Thin: parse, call a service or a query, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission

from . import forms, queries, services
from .models import Grade, Judgement, Theme


def _posted(request):  # type: ignore[no-untyped-def]
    return request.POST if request.method == "POST" else None


@login_required
def quality(request):  # type: ignore[no-untyped-def]
    all_samples = list(queries.samples(request.user)[:26])
    to_audit, to_moderate, actions = queries.my_work(request.user)
    form = forms.DrawForm(_posted(request), initial={"week": timezone.localdate()})
    if request.method == "POST":
        if not request.user.has_perm(Permission.MANAGE_DIP_SAMPLE):
            raise PermissionDenied
        if form.is_valid():
            try:
                sample = services.draw_sample(
                    week=form.cleaned_data["week"], seed=form.cleaned_data["seed"], user=request.user
                )
            except Refused as refusal:
                form.add_error("week", refusal.message)
            else:
                messages.success(request, f"Sample drawn: {sample.cases.count()} cases.")
                return redirect("quality:sample", sample.pk)
    return render(
        request,
        "quality/quality.html",
        {
            "samples": all_samples,
            "to_audit": to_audit,
            "to_moderate": to_moderate,
            "actions": actions,
            "form": form,
            "plan": services.current_plan(),
        },  # fmt: skip
    )


@login_required
def plan(request):  # type: ignore[no-untyped-def]
    if not request.user.has_perm(Permission.MANAGE_DIP_SAMPLE):
        raise PermissionDenied
    current = services.current_plan()
    form = forms.PlanForm(_posted(request), initial={"size": current.size, "strata": current.strata})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_plan(
                user=request.user, size=form.cleaned_data["size"], strata=form.cleaned_data["strata"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "The sample plan is saved. It applies from the next sample drawn.")
            return redirect("quality:quality")
    return render(request, "quality/plan.html", {"form": form})


@login_required
def sample(request, sample_id: uuid.UUID):  # type: ignore[no-untyped-def]
    found = queries.sample_for(request.user, sample_id)
    cases = queries.cases_in(found)
    return render(
        request,
        "quality/sample.html",
        {
            "sample": found,
            "cases": cases,
            "coverage": queries.coverage(found, cases),
            "labels": queries.DIMENSION_LABELS,
        },  # fmt: skip
    )


@login_required
def audit_case(request, case_id: uuid.UUID):  # type: ignore[no-untyped-def]
    case = queries.case_for(request.user, case_id, path=request.path)
    existing = queries.audit_of(case)
    form = forms.AuditForm(_posted(request))
    if request.method == "POST" and existing is None and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_audit(
                case=case,
                user=request.user,
                grade=data["grade"],
                summary=data["summary"],
                findings=[
                    services.FindingInput(t.value, data[t.value], data[f"{t.value}_note"]) for t in Theme
                ],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Audit of {case.contact.reference} saved.")
            return redirect("quality:audit_case", case.pk)
    return render(
        request,
        "quality/audit.html",
        {
            "case": case,
            "audit": existing,
            "form": form,
            "moderation_form": forms.ModerationForm(),
            "action_form": forms.ActionForm(people=queries.people_who_can_own_actions()),
            "grades": dict(Grade.choices),
            "judgements": dict(Judgement.choices),
            "themes": dict(Theme.choices),
        },  # fmt: skip
    )


@login_required
@require_POST
def moderate(request, case_id: uuid.UUID):  # type: ignore[no-untyped-def]
    case = queries.case_for(request.user, case_id, path=request.path)
    existing = queries.audit_of(case)
    form = forms.ModerationForm(request.POST)
    if existing is not None and form.is_valid():
        try:
            services.moderate(
                audit=existing, user=request.user, agree=form.cleaned_data["agree"],
                grade=form.cleaned_data["grade"], comment=form.cleaned_data["comment"],
            )  # fmt: skip
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Moderation saved.")
            return redirect("quality:audit_case", case.pk)
    return render(
        request,
        "quality/audit.html",
        {
            "case": case,
            "audit": existing,
            "form": forms.AuditForm(),
            "moderation_form": form,
            "action_form": forms.ActionForm(people=queries.people_who_can_own_actions()),
            "grades": dict(Grade.choices),
            "judgements": dict(Judgement.choices),
            "themes": dict(Theme.choices),
        },  # fmt: skip
    )


@login_required
@require_POST
def add_action(request, case_id: uuid.UUID):  # type: ignore[no-untyped-def]
    case = queries.case_for(request.user, case_id, path=request.path)
    existing = queries.audit_of(case)
    form = forms.ActionForm(request.POST, people=queries.people_who_can_own_actions())
    if existing is not None and form.is_valid():
        try:
            services.add_action(
                audit=existing, user=request.user, text=form.cleaned_data["text"],
                owner=form.people[form.cleaned_data["owner"]], due=form.cleaned_data["due"],
            )  # fmt: skip
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Action added.")
            return redirect("quality:audit_case", case.pk)
    return render(
        request,
        "quality/audit.html",
        {
            "case": case,
            "audit": existing,
            "form": forms.AuditForm(),
            "moderation_form": forms.ModerationForm(),
            "action_form": form,
            "grades": dict(Grade.choices),
            "judgements": dict(Judgement.choices),
            "themes": dict(Theme.choices),
        },  # fmt: skip
    )


@login_required
@require_POST
def action_done(request, action_id: uuid.UUID):  # type: ignore[no-untyped-def]
    action = queries.action_for(request.user, action_id)
    services.complete_action(action=action, user=request.user)
    messages.success(request, "Action marked as done.")
    return redirect("quality:quality")


@login_required
def trends(request):  # type: ignore[no-untyped-def]
    return render(
        request,
        "quality/trends.html",
        {"weeks": queries.over_time(request.user), "grades": Grade.choices, "themes": Theme.choices},
    )
