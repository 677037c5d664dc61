from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "frontdoor.worker"
    label = "worker"
    verbose_name = "Background worker"
