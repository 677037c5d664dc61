"""Performance dashboard and statutory exports. Thin: parse, call queries or services, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role

from . import presenters, queries, services
from .downloads import table_csv, tables_xlsx
from .figures.tables import dashboard_tables
from .forms import ExportForm, PeriodForm, ReadinessForm, current_census_year, default_period


def _period_form(request):  # type: ignore[no-untyped-def]
    teams = queries.teams_for(request.user)
    is_analyst = request.user.role == Role.ANALYST
    if any(key.startswith(("start", "end", "team")) for key in request.GET):
        data = request.GET
    else:
        start, end = default_period(timezone.localdate())
        data = {
            "start_0": start.day,
            "start_1": start.month,
            "start_2": start.year,
            "end_0": end.day,
            "end_1": end.month,
            "end_2": end.year,
            "team": "" if is_analyst else (teams[0].slug if teams else ""),
        }
    return PeriodForm(data, teams=teams, allow_all=is_analyst)


@login_required
def performance(request):  # type: ignore[no-untyped-def]
    form = _period_form(request)
    context = {"form": form, "can_export": queries.can_export(request.user)}
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        today = timezone.localdate()
        team, dashboard = queries.dashboard_for(
            request.user, team_slug=form.cleaned_data["team"], start=start, end=min(end, today)
        )
        query = presenters.query_string(start, end, form.cleaned_data["team"])
        context.update(
            team=team,
            dashboard=dashboard,
            future_end=end > today,
            headline=presenters.headline(dashboard),
            sections=presenters.sections(dashboard, query),
            all_xlsx_url=f"{reverse('reporting:download', args=['all'])}?{query}&format=xlsx",
        )
    return render(request, "reporting/performance.html", context, status=200 if form.is_valid() else 400)


@login_required
def download(request, slug: str):  # type: ignore[no-untyped-def]
    form = _period_form(request)
    if not form.is_valid():
        return redirect("reporting:performance")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    _, dashboard = queries.dashboard_for(
        request.user, team_slug=form.cleaned_data["team"], start=start, end=min(end, timezone.localdate())
    )
    tables = dashboard_tables(dashboard)
    chosen = tables if slug == "all" else [t for t in tables if t.slug == slug]
    if not chosen:
        raise Http404("No such table")
    queries.record_dashboard_download(request.user, slug, request.get_full_path())
    stem = f"front-door-{slug}-{start.isoformat()}-to-{end.isoformat()}"
    if request.GET.get("format") == "csv" and slug != "all":
        response = HttpResponse(table_csv(chosen[0]), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    response = HttpResponse(
        tables_xlsx(chosen), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


@login_required
def exports(request):  # type: ignore[no-untyped-def]
    jobs = queries.jobs_for(request.user)
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        params = {"year": form.cleaned_data["year"], "as_of": form.cleaned_data["as_of"]}
        try:
            job = services.request_export(user=request.user, kind=form.cleaned_data["kind"], params=params)
        except services.InvalidExport as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your export is queued. This page shows its progress.")
            return redirect("reporting:export_job", job_id=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/exports.html", {"form": form, "jobs": jobs}, status=status)


@login_required
def export_job(request, job_id):  # type: ignore[no-untyped-def]
    job = queries.job_for(request.user, job_id)
    return render(
        request,
        "reporting/export_job.html",
        {
            "job": job,
            "ready": services.job_file(job) is not None,
            "deleted": job.status == job.Status.DONE and not job.file_name,
            "retention_days": settings.FRONTDOOR_EXPORT_RETENTION_DAYS,
        },
    )


@login_required
def export_download(request, job_id):  # type: ignore[no-untyped-def]
    job = queries.job_for(request.user, job_id)
    name = services.job_file(job)
    if name is None:
        raise Http404("The file is not ready")
    queries.record_download(request.user, job, request.path)
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=services.download_name(job)
    )


@login_required
def readiness(request):  # type: ignore[no-untyped-def]
    """Which children the statutory returns cannot take from their records yet, and where to fix each."""
    form = ReadinessForm(
        request.GET if "year" in request.GET else {"year": current_census_year(timezone.localdate())}
    )
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        year = form.cleaned_data["year"]
        result = queries.readiness_for(request.user, year=year)
        context.update(year=year, readiness=result, rows=presenters.readiness_rows(result, request.user))
    else:
        queries.readiness_permission(request.user)
    return render(request, "reporting/readiness.html", context, status=200 if form.is_valid() else 400)
