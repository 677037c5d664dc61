from django.urls import path

from . import views

app_name = "multiagency"
_contact = "staff/contacts/<uuid:contact_id>"
urlpatterns = [
    path(f"{_contact}/information-requests/new/", views.request_information, name="request_information"),
    path(f"{_contact}/information-requests/<uuid:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{_contact}/information-requests/<uuid:request_id>/stop-link/", views.revoke, name="revoke"),
    path(f"{_contact}/information-requests/decide-now/", views.decide_now, name="decide_now"),
    path("staff/information-requests/overdue/", views.overdue, name="overdue"),
    path("staff/partner-agencies/", views.agencies, name="agencies"),
    path(f"{_contact}/strategy-discussions/new/", views.schedule_strategy, name="schedule_strategy"),
    path(
        f"{_contact}/strategy-discussions/<uuid:discussion_id>/record/",
        views.record_strategy,
        name="record_strategy",
    ),
    path(f"{_contact}/family-help/lead-practitioner/", views.lead_practitioner, name="lead_practitioner"),
    path(f"{_contact}/family-help/network/", views.family_network, name="family_network"),
    path(f"{_contact}/family-help/family-group-offer/", views.family_group_offer, name="family_group_offer"),
    path(f"{_contact}/hand-over/", views.hand_over, name="hand_over"),
    path("staff/handovers/", views.handovers, name="handovers"),
    path("staff/handovers/<uuid:handover_id>/accept/", views.accept_handover, name="accept_handover"),
    # The partner's page: no account, a single-use link
    path("partner/reply/<str:token>/", views.partner_reply, name="partner_reply"),
]
