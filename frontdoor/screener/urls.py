from django.urls import path

from . import views

app_name = "screener"
urlpatterns = [
    path("", views.start, name="start"),
    path("start/", views.begin, name="begin"),
    path("questions/<slug:question_id>/", views.question, name="question"),
    path("result/", views.outcome, name="outcome"),
    path("request/", views.request_start, name="request"),
    path("request/continue/", views.request_continue, name="request_continue"),
    path("request/no-consent/", views.no_consent, name="no_consent"),
    path("request/check/", views.check, name="check"),
    path("request/sent/", views.sent, name="sent"),
    path("request/save/", views.save, name="save"),
    path("request/saved/", views.saved, name="saved"),
    path("request/return/<str:token>/", views.resume, name="resume"),
    path("request/list/<slug:key>/", views.item_list, name="list"),
    path("request/list/<slug:key>/<int:index>/", views.item, name="item"),
    path("request/list/<slug:key>/<int:index>/remove/", views.remove, name="remove"),
    path("request/<slug:key>/", views.section_page, name="section"),
]
