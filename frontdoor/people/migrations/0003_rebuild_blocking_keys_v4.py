"""Matcher v4 gave a misspelt name of the nickname table its own key and added three blocking rules for
records with no date of birth (``given_famstart``, ``family_givstart``, ``initials_sector``). The keys are
recomputed once, in 0005 (see 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0002_rebuild_blocking_keys_v3")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
