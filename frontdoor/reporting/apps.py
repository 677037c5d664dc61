from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "frontdoor.reporting"
    label = "reporting"
    verbose_name = "Performance and statutory returns"
    default_auto_field = "django.db.models.BigAutoField"
