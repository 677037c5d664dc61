from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("contacts/<uuid:contact_id>/people/", views.contact_people, name="contact_people"),
    path("contacts/<uuid:contact_id>/people/<str:entry_key>/new/", views.new_person, name="new_person"),
    path("people/duplicates/", views.duplicates, name="duplicates"),
    path("people/duplicates/<uuid:pair_id>/", views.duplicate, name="duplicate"),
    path("people/merges/<uuid:merge_id>/unmerge/", views.unmerge, name="unmerge"),
    path("people/match.json", views.match_preview, name="match_preview"),
    path("people/<uuid:person_id>/", views.person, name="person"),
]
