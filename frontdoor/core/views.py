import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, queries

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request):
    """JSON for monitoring: the database, the worker's heartbeat age, how long the oldest email and export
    have waited; 503 when any is wrong. `?only=database` checks the database alone (for a load balancer, which
    should keep sending requests to an app server whose worker has stopped)."""
    if request.GET.get("only") == "database":
        try:
            health.database_ok()
        except Exception:  # the point of a health check is to report, not raise
            logger.exception("Health check could not reach the database")
            return JsonResponse({"status": "degraded", "database": "unavailable"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})
    result = health.check()
    if not result.ok:
        logger.warning("Health check: %s", " ".join(result.problems))
    return JsonResponse(result.as_json(), status=200 if result.ok else 503)


@require_GET
def floor(request):
    """Touches nothing: the benchmark's floor."""
    return JsonResponse({"ok": True})


def home(request):
    return render(request, "core/home.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def _page(request, queryset):  # type: ignore[no-untyped-def]
    return Paginator(queryset, 50).get_page(request.GET.get("page"))


@login_required
def audit(request):
    events = queries.audit_events_for(request.user)
    reference = request.GET.get("reference", "").strip()[:40]
    if reference:
        events = events.filter(object_reference__iexact=reference)
    return render(request, "core/audit.html", {"page": _page(request, events), "reference": reference})


@login_required
def access_log(request):
    events = queries.access_events_for(request.user)
    reference = request.GET.get("reference", "").strip()[:40]
    if reference:
        events = events.filter(object_reference__iexact=reference)
    return render(request, "core/access_log.html", {"page": _page(request, events), "reference": reference})


@login_required
def staff_home(request):
    """Where staff land after signing in: the first place their role lets them work."""
    for permission, destination in [
        ("triage.view_queue", "triage:queue"),
        ("reporting.view_performance", "reporting:performance"),
        ("reporting.export_named_data", "reporting:exports"),
        ("core.view_audit", "core:audit"),
    ]:
        if request.user.has_perm(permission):
            return redirect(destination)
    raise PermissionDenied


def page_not_found(request, exception):  # type: ignore[no-untyped-def]
    return render(request, "404.html", status=404)


def server_error(request):  # type: ignore[no-untyped-def]
    # A plain template, no context processors: the error may be in them
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
