from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("phone-line/", views.phone_line, name="phone_line"),
    path("phone-line/import/", views.import_calls, name="import_calls"),
    path("phone-line/planner/", views.planner, name="planner"),
    path("phone-line/rota/", views.rota, name="rota"),
    path("localities/", views.localities, name="localities"),
]
