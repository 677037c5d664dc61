"""The Open Referral UK API's URLs, from its django-ninja definition (with the OpenAPI document at
openapi.json) and a JSON 404 for anything else."""

from .api import urls

urlpatterns = urls[0]
app_name = "openreferral"
