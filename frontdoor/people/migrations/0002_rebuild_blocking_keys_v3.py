"""Matcher v3 added blocking rules and a second key for double-barrelled family names: recompute every
person's stored keys so that people recorded before the upgrade are found under the new rules too.
(Likely duplicates are refreshed as people are next written, or at once with ``rebuild_matching_index``.)"""

from django.db import migrations


def rebuild_blocking_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    from frontdoor.people import search

    Person = apps.get_model("people", "Person")
    PersonBlockingKey = apps.get_model("people", "PersonBlockingKey")
    search.rebuild_blocking_keys(Person.objects.filter(merged_into__isnull=True), PersonBlockingKey)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(rebuild_blocking_keys, migrations.RunPython.noop)]
