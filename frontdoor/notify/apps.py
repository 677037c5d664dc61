from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "frontdoor.notify"
    label = "notify"
    verbose_name = "Outbox"
