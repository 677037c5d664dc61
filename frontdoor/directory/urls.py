from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("find-support/", views.find_support, name="find_support"),
    path("find-support/services/<uuid:service_id>/", views.service_page, name="service"),
    path("find-support/family-hubs/", views.family_hubs, name="family_hubs"),
    path("staff/directory/", views.staff_services, name="staff_services"),
    path("staff/directory/review/", views.staff_review, name="staff_review"),
    path("staff/directory/services/add/", views.staff_service_form, name="staff_service_add"),
    path("staff/directory/services/<uuid:service_id>/", views.staff_service_form, name="staff_service_edit"),
    path(
        "staff/directory/services/<uuid:service_id>/retire/",
        views.staff_service_retire,
        name="staff_service_retire",
    ),
    path(
        "staff/directory/services/<uuid:service_id>/reinstate/",
        views.staff_service_reinstate,
        name="staff_service_reinstate",
    ),
    path(
        "staff/directory/services/<uuid:service_id>/reviewed/",
        views.staff_service_reviewed,
        name="staff_service_reviewed",
    ),
    path("staff/directory/locations/", views.staff_locations, name="staff_locations"),
    path("staff/directory/locations/add/", views.staff_location_form, name="staff_location_add"),
    path(
        "staff/directory/locations/<uuid:location_id>/", views.staff_location_form, name="staff_location_edit"
    ),
    path(
        "staff/directory/locations/<uuid:location_id>/active/",
        views.staff_location_active,
        name="staff_location_active",
    ),
]
