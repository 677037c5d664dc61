"""The Person is the identity: link the children and adults already on contacts to persons where the link is
certain (exact name and date of birth of one record, or of nobody: a new record), and put the rest on the
review list with the reason (``ContactPerson.review_reason``). See frontdoor/people/linking.py."""

from django.db import migrations, models


def link_existing_records(apps, schema_editor):  # type: ignore[no-untyped-def]
    from frontdoor.people import linking, search

    models_now = {
        name: apps.get_model(app, name)
        for app, name in (
            ("intake", "ContactChild"),
            ("intake", "ContactAdult"),
            ("people", "ContactPerson"),
            ("people", "Person"),
        )
    }
    key_model = apps.get_model("people", "PersonBlockingKey")
    linking.link_certain_matches(
        contacts=apps.get_model("intake", "Contact").objects.all(),
        models=models_now,
        after_create=lambda persons: search.store_blocking_keys(persons, key_model),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_rebuild_blocking_keys_name_district"),
        ("intake", "0004_complete_contact_police_consent_unborn"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactperson",
            name="review_reason",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(link_existing_records, migrations.RunPython.noop),
    ]
