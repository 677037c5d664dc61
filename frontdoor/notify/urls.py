from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("failed/", views.failed, name="failed"),
    path("failed/<uuid:message_id>/retry/", views.retry, name="retry"),
]
