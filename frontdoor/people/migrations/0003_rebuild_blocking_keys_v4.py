"""Matcher v4 gave a misspelt name of the nickname table its own key and added three blocking rules for
records with no date of birth (``given_famstart``, ``family_givstart``, ``initials_sector``): recompute every
person's stored keys, as for v3."""

from importlib import import_module

from django.db import migrations

rebuild_blocking_keys = import_module(
    "frontdoor.people.migrations.0002_rebuild_blocking_keys_v3"
).rebuild_blocking_keys


class Migration(migrations.Migration):
    dependencies = [("people", "0002_rebuild_blocking_keys_v3")]

    operations = [migrations.RunPython(rebuild_blocking_keys, migrations.RunPython.noop)]
