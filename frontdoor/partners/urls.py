from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.partners, name="partners"),
    path("tokens/<uuid:token_id>/revoke/", views.revoke, name="revoke"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<uuid:message_id>/", views.delivery, name="delivery"),
]
