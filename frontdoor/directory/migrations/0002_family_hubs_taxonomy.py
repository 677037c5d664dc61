"""Seed the family hubs taxonomy (the DfE's six categories and their sub-categories)."""

from django.db import migrations


def seed(apps, schema_editor):
    from frontdoor.directory.taxonomy import ensure_taxonomy

    ensure_taxonomy(apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
