from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    # Public: referrers and professionals, no account
    path("concern/status/", views.ask_for_link, name="ask_for_link"),
    path("concern/status/professional/", views.ask_for_professional_link, name="ask_for_professional_link"),
    path("concern/status/link/<str:token>/", views.open_link, name="open_link"),
    path("concern/status/yours/", views.my_status, name="my_status"),
    path("concern/status/<str:token>/", views.concern_status, name="concern_status"),
    path("concern/feedback/<str:token>/", views.survey, name="survey"),
    path("concern/advice/book/", views.book_advice, name="book_advice"),
    # Staff
    path("staff/feedback/", views.feedback_results, name="results"),
    path("staff/advice/book/", views.staff_book_advice, name="staff_book_advice"),
    path("staff/advice/slots/", views.advice_slots, name="advice_slots"),
    path("staff/advice/slots/<uuid:slot_id>/remove/", views.remove_slot, name="remove_slot"),
    path("staff/advice/call-backs/<uuid:booking_id>/done/", views.advice_call_done, name="advice_call_done"),
]
