from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.performance, name="performance"),
    path("download/<slug:slug>/", views.download, name="download"),
    path("exports/", views.exports, name="exports"),
    path("readiness/", views.readiness, name="readiness"),
    path("exports/<uuid:job_id>/", views.export_job, name="export_job"),
    path("exports/<uuid:job_id>/download/", views.export_download, name="export_download"),
]
