from django.urls import path

from . import views

app_name = "multiagency"
_contact = "staff/contacts/<uuid:contact_id>"
urlpatterns = [
    path(f"{_contact}/information-requests/new/", views.request_information, name="request_information"),
    path(f"{_contact}/information-requests/<uuid:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{_contact}/information-requests/<uuid:request_id>/stop-link/", views.revoke, name="revoke"),
    path("staff/information-requests/overdue/", views.overdue, name="overdue"),
    path("staff/partner-agencies/", views.agencies, name="agencies"),
    # The partner's page: no account, a single-use link
    path("partner/reply/<str:token>/", views.partner_reply, name="partner_reply"),
]
