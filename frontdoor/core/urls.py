from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("floor", views.floor, name="floor"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("staff/home/", views.staff_home, name="staff_home"),
    path("staff/audit/", views.audit, name="audit"),
    path("staff/access-log/", views.access_log, name="access_log"),
]
