"""Matcher v3 added blocking rules and a second key for double-barrelled family names: recompute every
person's stored keys so that people recorded before the upgrade are found under the new rules too.
(Likely duplicates are refreshed as people are next written, or at once with ``rebuild_matching_index``.)"""

from django.db import migrations


def rebuild_blocking_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    from frontdoor.people.search import person_blocking_keys

    Person = apps.get_model("people", "Person")
    PersonBlockingKey = apps.get_model("people", "PersonBlockingKey")
    for person in Person.objects.filter(merged_into__isnull=True).iterator(chunk_size=500):
        PersonBlockingKey.objects.filter(person=person).delete()
        PersonBlockingKey.objects.bulk_create(
            PersonBlockingKey(person=person, rule=rule, key=key) for rule, key in person_blocking_keys(person)
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(rebuild_blocking_keys, migrations.RunPython.noop)]
