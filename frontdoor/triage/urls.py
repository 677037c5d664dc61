from django.urls import path

from frontdoor.intake import views as intake_views

from . import views

app_name = "triage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("queue-floor/", views.queue_floor, name="queue_floor"),
    path("contacts/new/", intake_views.log_contact_view, name="log_contact"),
    path("contacts/<uuid:contact_id>/", views.contact, name="contact"),
    path("contacts/<uuid:contact_id>/claim/", views.claim, name="claim"),
    path("contacts/<uuid:contact_id>/release/", views.release, name="release"),
    path("contacts/<uuid:contact_id>/edit/", intake_views.edit, name="edit"),
    path("contacts/<uuid:contact_id>/conversation/", views.conversation, name="conversation"),
    path("contacts/<uuid:contact_id>/information/", views.agency_check, name="agency_check"),
    path(
        "contacts/<uuid:contact_id>/information/<uuid:check_id>/authorise/", views.authorise, name="authorise"
    ),
    path("contacts/<uuid:contact_id>/transfer/", views.transfer, name="transfer"),
    path("contacts/<uuid:contact_id>/oversight/", views.oversight, name="oversight"),
    path("contacts/<uuid:contact_id>/call-back/", intake_views.new_callback, name="new_callback"),
    path("contacts/<uuid:contact_id>/allocate/", views.allocate, name="allocate"),
    path("contacts/<uuid:contact_id>/attachments/add/", views.attach, name="attach"),
    path("contacts/<uuid:contact_id>/attachments/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path("contacts/<uuid:contact_id>/print/", views.printable, name="print"),
    path("contacts/<uuid:contact_id>/details/", views.further_details, name="further_details"),
    path("contacts/<uuid:contact_id>/children/add/", views.add_child, name="add_child"),
    path(
        "contacts/<uuid:contact_id>/children/<uuid:child_id>/remove/", views.remove_child, name="remove_child"
    ),
    path("contacts/<uuid:contact_id>/adults/add/", views.add_adult, name="add_adult"),
    path(
        "contacts/<uuid:contact_id>/adults/<uuid:adult_id>/remove/", views.remove_adult, name="remove_adult"
    ),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("notifications/", views.notifications_inbox, name="notifications"),
    path("notifications/<uuid:notification_id>/open/", views.open_notification, name="open_notification"),
    path("oversight/", views.oversight_list, name="oversight_list"),
    path("call-backs/", intake_views.callbacks, name="callbacks"),
    path("call-backs/<uuid:callback_id>/done/", intake_views.callback_done, name="callback_done"),
]
