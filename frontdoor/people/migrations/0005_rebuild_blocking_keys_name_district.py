"""Blocking keys now write a doubled letter once before sounding a name out, ``initials_month`` takes the
initials in either order, and a new rule ``name_district`` joins one name's sound with the other's initial
in the postcode district: recompute every person's stored keys, as for v3."""

from importlib import import_module

from django.db import migrations

rebuild_blocking_keys = import_module(
    "frontdoor.people.migrations.0002_rebuild_blocking_keys_v3"
).rebuild_blocking_keys


class Migration(migrations.Migration):
    dependencies = [("people", "0004_covering_blocking_key_index")]

    operations = [migrations.RunPython(rebuild_blocking_keys, migrations.RunPython.noop)]
