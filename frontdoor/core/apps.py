from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "frontdoor.core"
    label = "core"
    verbose_name = "Front Door core"

    def ready(self) -> None:
        from . import permissions, signals  # noqa: F401  (registers the rules and the receivers)
