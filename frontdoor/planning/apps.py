from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "frontdoor.planning"
    label = "planning"
    verbose_name = "Planning: the phone line and localities"
