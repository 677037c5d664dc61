"""The thin online concern form of the foundation has been replaced by the screener and its request forms
(frontdoor/screener). These names stay so that older links and templates still lead there."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "intake"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="screener:start"), name="concern"),
    path("submitted/", RedirectView.as_view(pattern_name="screener:start"), name="submitted"),
]
