"""Every audit and access event joins a tamper-evident chain (docs/adr/0020), and says where it came from.
Events written before this migration are chained in the order they were written."""

from django.db import migrations, models

from frontdoor.core import chain

# Frozen copies of the models' CHAINED_FIELDS, as they are when this migration runs
FIELDS = {
    "AuditEvent": (
        "id", "at", "actor_id", "actor_description", "action", "object_type", "object_id", "object_reference",
        "reason", "before", "after", "ip_address", "session_hash",
    ),
    "AccessEvent": (
        "id", "at", "actor_id", "object_type", "object_id", "object_reference", "path", "granted", "reason",
        "ip_address", "session_hash",
    ),
}  # fmt: skip


def chain_existing(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, fields in FIELDS.items():
        model = apps.get_model("core", name)
        table = model._meta.db_table
        if postgresql:  # the append-only trigger refuses the one-off numbering; the owner lifts it for it
            schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        previous, batch = "", []
        for sequence, event in enumerate(model.objects.order_by("at", "id").iterator(chunk_size=2000), 1):
            event.sequence, event.previous_digest = sequence, previous
            event.digest = previous = chain.digest(sequence, previous, [getattr(event, f) for f in fields])
            batch.append(event)
            if len(batch) == 1000:
                model.objects.bulk_update(batch, ["sequence", "previous_digest", "digest"])
                batch = []
        model.objects.bulk_update(batch, ["sequence", "previous_digest", "digest"])
        if postgresql:
            schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def chain_fields():  # type: ignore[no-untyped-def]
    return [
        ("sequence", models.PositiveBigIntegerField(null=True)),
        ("previous_digest", models.CharField(blank=True, default="", max_length=64)),
        ("digest", models.CharField(default="", max_length=64)),
        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
        ("session_hash", models.CharField(blank=True, default="", max_length=64)),
    ]


class Migration(migrations.Migration):
    dependencies = [("core", "0002_append_only_on_postgresql")]
    operations = [
        *[
            migrations.AddField(model_name=model, name=name, field=field, preserve_default=False)
            for model in ("auditevent", "accessevent")
            for name, field in chain_fields()
        ],
        migrations.AddField(
            model_name="accessevent",
            name="reason",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=model, name="sequence", field=models.PositiveBigIntegerField(unique=True)
            )
            for model in ("auditevent", "accessevent")
        ],
    ]
