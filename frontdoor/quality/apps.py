from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "frontdoor.quality"
    label = "quality"
    verbose_name = "Quality assurance: dip sampling and audits"
