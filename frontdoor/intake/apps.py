from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "frontdoor.intake"
    label = "intake"
    verbose_name = "Contacts and referrers"
