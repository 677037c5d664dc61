from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "frontdoor.records"
    label = "records"
    verbose_name = "Records management: retention and subject access"
