"""The database table the public forms' rate limits are counted in (settings.CACHES["rate_limits"])."""

from django.core.management import call_command
from django.db import migrations

TABLE = "frontdoor_rate_limits"


def forwards(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_append_only_on_postgresql")]

    operations = [migrations.RunPython(forwards, backwards)]
