from django.conf import settings


def service(request):  # type: ignore[no-untyped-def]
    return {
        "service_name": settings.FRONTDOOR_SERVICE_NAME,
        "council_name": settings.FRONTDOOR_COUNCIL_NAME,
        "phase": settings.FRONTDOOR_PHASE,
    }


def backlog(request):  # type: ignore[no-untyped-def]
    """For team managers and administrators on staff pages: what has waited too long (emails, exports).
    Lazy, so a page that does not show the banner costs no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("notify.view_failed"):
        return {}
    from django.utils.functional import SimpleLazyObject

    from .health import backlog as current_backlog

    return {"backlog_warnings": SimpleLazyObject(lambda: current_backlog().warnings())}
