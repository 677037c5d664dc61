"""Matcher v3 added blocking rules and a second key for double-barrelled family names, so every person's
stored keys had to be recomputed. That now happens once, in 0005: a rebuild computes the keys of the rules
of today, so running it here as well would only repeat the same work (about 24 minutes a million persons)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
