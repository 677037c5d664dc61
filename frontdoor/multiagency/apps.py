from django.apps import AppConfig


class MultiagencyConfig(AppConfig):
    name = "frontdoor.multiagency"
    label = "multiagency"
    verbose_name = "Multi-agency working"
