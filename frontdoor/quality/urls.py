from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.quality, name="quality"),
    path("plan/", views.plan, name="plan"),
    path("over-time/", views.trends, name="trends"),
    path("samples/<uuid:sample_id>/", views.sample, name="sample"),
    path("cases/<uuid:case_id>/", views.audit_case, name="audit_case"),
    path("cases/<uuid:case_id>/moderate/", views.moderate, name="moderate"),
    path("cases/<uuid:case_id>/actions/", views.add_action, name="add_action"),
    path("actions/<uuid:action_id>/done/", views.action_done, name="action_done"),
]
