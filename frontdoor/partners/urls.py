from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<uuid:message_id>/", views.delivery, name="delivery"),
]
