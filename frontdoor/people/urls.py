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
    path("people/break-glass/", views.break_glass_list, name="break_glass_list"),
    path("search/", views.search, name="search"),
    path("people/review/", views.review_list, name="review_list"),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/break-glass/", views.break_glass, name="break_glass"),
    path("people/<uuid:person_id>/edit/", views.edit_person, name="edit_person"),
    path("people/<uuid:person_id>/names/new/", views.add_other_name, name="add_other_name"),
    path("people/<uuid:person_id>/relationships/new/", views.add_relationship, name="add_relationship"),
]
