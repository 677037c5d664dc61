"""Planning pages: the phone line, the staffing planner and its rota, localities. Thin."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission

from . import calls_csv, erlang, forms, queries, services


@login_required
def phone_line(request):  # type: ignore[no-untyped-def]
    week = None
    raw = request.GET.get("week", "")
    if raw:
        try:
            week = datetime.date.fromisoformat(raw[:10])
        except ValueError:
            messages.error(request, "Enter the week as a date like 2026-11-30. Showing this week instead.")
    figures = queries.phone_line(request.user, week=week)
    return render(request, "planning/phone_line.html", {"line": figures, "columns": calls_csv.COLUMNS})


@login_required
def import_calls(request):  # type: ignore[no-untyped-def]
    if not request.user.has_perm(Permission.IMPORT_CALL_FIGURES):
        raise PermissionDenied
    posted = request.method == "POST"
    form = forms.CallFileForm(request.POST if posted else None, request.FILES if posted else None)
    problems, imported = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = services.import_call_figures(
                user=request.user, filename=upload.name, content=upload.read()
            )
        except services.BadCallFile as bad:
            form.add_error("file", bad.message)
            problems = bad.errors
        except Refused as refusal:
            form.add_error("file", refusal.message)
    return render(
        request,
        "planning/import.html",
        {"form": form, "problems": problems, "imported": imported, "doc": calls_csv.__doc__},
    )


@login_required
def planner(request):  # type: ignore[no-untyped-def]
    form = forms.PlannerForm(request.GET or None)
    plan, day = None, None
    if form.is_bound and form.is_valid():
        day = int(form.cleaned_data["day"])
        try:
            plan = queries.plan_day(
                request.user,
                weekday=day,
                target_share=form.cleaned_data["share"] / 100,
                target_wait_seconds=form.cleaned_data["wait"],
            )
        except erlang.ImpossibleTarget as impossible:
            form.add_error("share", str(impossible))
    elif not form.is_bound:
        queries._need(request.user, Permission.VIEW_PHONE_LINE)
    return render(
        request,
        "planning/planner.html",
        {"form": form, "plan": plan, "day_name": queries.WEEKDAYS[day] if day is not None else ""},
    )


@login_required
def rota(request):  # type: ignore[no-untyped-def]
    if not request.user.has_perm(Permission.IMPORT_CALL_FIGURES):
        raise PermissionDenied
    try:
        day = int(request.GET.get("day", request.POST.get("day", "0")))
    except ValueError:
        day = 0
    day = day if 0 <= day <= 6 else 0
    form = forms.RotaForm(request.POST if request.method == "POST" else None, current=queries.rota_for(day))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rota(user=request.user, weekday=day, handlers=form.handlers())
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"The rota for {queries.WEEKDAYS[day]} is saved.")
            return redirect(f"{request.path}?day={day}")
    return render(
        request,
        "planning/rota.html",
        {
            "form": form,
            "day": day,
            "day_name": queries.WEEKDAYS[day],
            "days": list(enumerate(queries.WEEKDAYS)),
        },
    )


@login_required
def localities(request):  # type: ignore[no-untyped-def]
    form = forms.SinceForm(request.GET or None)
    weeks = 13
    if form.is_bound and form.is_valid() and form.cleaned_data["weeks"]:
        weeks = form.cleaned_data["weeks"]
    since = timezone.localdate() - datetime.timedelta(weeks=weeks)
    rows = queries.localities(request.user, since=since)
    return render(request, "planning/localities.html", {"form": form, "rows": rows, "since": since})
