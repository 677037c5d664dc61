from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("contacts/<uuid:contact_id>/", views.contact, name="contact"),
]
