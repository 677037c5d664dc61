from django.urls import path

from . import views

app_name = "screener_admin"
urlpatterns = [
    path("", views.definitions, name="definitions"),
    path("upload/", views.upload, name="upload"),
    path("<uuid:version_id>/", views.definition, name="definition"),
    path("<uuid:version_id>/make-live/", views.make_live, name="make_live"),
]
