from django.urls import include, path

from frontdoor.partners import api as partner_api

urlpatterns = [
    path("", include("frontdoor.core.urls")),
    # The screener is the public front door; intake keeps its old URL names as aliases to it
    # Before the screener: its question pages would otherwise take concern/status/…
    path("", include("frontdoor.feedback.urls")),
    path("concern/", include("frontdoor.screener.urls")),
    path("concern/", include("frontdoor.intake.urls")),
    path("staff/", include("frontdoor.accounts.urls")),
    path("staff/", include("frontdoor.triage.urls")),
    path("staff/", include("frontdoor.people.urls")),
    path("staff/screener/", include("frontdoor.screener.staff_urls")),
    path("", include("frontdoor.directory.urls")),
    path("openreferral/", include("frontdoor.directory.api_urls")),
    path("partner/v1/", include((partner_api.urls[0], "partner"), namespace="partner")),
    path("staff/outbox/", include("frontdoor.notify.urls")),
    path("staff/partners/", include("frontdoor.partners.urls")),
    path("staff/performance/", include("frontdoor.reporting.urls")),
    path("", include("frontdoor.multiagency.urls")),
    path("staff/quality/", include("frontdoor.quality.urls")),
    path("staff/", include("frontdoor.planning.urls")),
    path("staff/", include("frontdoor.records.urls")),
]

handler404 = "frontdoor.core.views.page_not_found"
handler500 = "frontdoor.core.views.server_error"
