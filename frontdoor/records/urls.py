from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("subject-access/", views.subject_access_page, name="subject_access"),
]
