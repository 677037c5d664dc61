from django.apps import AppConfig


class ScreenerConfig(AppConfig):
    name = "frontdoor.screener"
    label = "screener"
    verbose_name = "Screener and online requests"
