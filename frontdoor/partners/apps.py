from django.apps import AppConfig


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "frontdoor.partners"
    verbose_name = "Partner systems: API tokens, webhooks and the DfE data flow"
