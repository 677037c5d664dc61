from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.concern, name="concern"),
    path("submitted/", views.submitted, name="submitted"),
]
