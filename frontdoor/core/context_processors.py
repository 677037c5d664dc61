from django.conf import settings


def service(request):  # type: ignore[no-untyped-def]
    return {
        "service_name": settings.FRONTDOOR_SERVICE_NAME,
        "council_name": settings.FRONTDOOR_COUNCIL_NAME,
        "phase": settings.FRONTDOOR_PHASE,
    }
