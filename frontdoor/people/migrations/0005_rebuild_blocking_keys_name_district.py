"""Blocking keys now write a doubled letter once before sounding a name out, ``initials_month`` takes the
initials in either order, and a new rule ``name_district`` joins one name's sound with the other's initial
in the postcode district. Recompute every person's stored keys, so that people recorded before the upgrade
are found under today's rules. This is the one rebuild of an upgrade from any earlier version (0002 and 0003
leave it to this one); a later rule change should do the same: add a rebuild and make this one a no-op.
(Likely duplicates are refreshed as people are next written, or at once with ``rebuild_matching_index``.)"""

from django.db import migrations


def rebuild_blocking_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    from frontdoor.people import search

    Person = apps.get_model("people", "Person")
    PersonBlockingKey = apps.get_model("people", "PersonBlockingKey")
    search.rebuild_blocking_keys(Person.objects.filter(merged_into__isnull=True), PersonBlockingKey)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_covering_blocking_key_index")]

    operations = [migrations.RunPython(rebuild_blocking_keys, migrations.RunPython.noop)]
