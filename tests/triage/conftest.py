"""Every triage test runs with a guard: a contact whose state moves outside lifecycle.change() fails it."""

import pytest
from django.db.models.signals import pre_save

from frontdoor.intake.models import Contact
from frontdoor.triage import lifecycle

GUARDED = ("status", "allocated_to_id", "team_id")


class MovedOutsideTheLifecycle(AssertionError):
    pass


def _guard(sender, instance, raw=False, **kwargs):  # type: ignore[no-untyped-def]
    if raw or instance._state.adding or lifecycle.inside_change():
        return
    stored = Contact.objects.filter(pk=instance.pk).values(*GUARDED).first()
    if stored and any(stored[name] != getattr(instance, name) for name in GUARDED):
        raise MovedOutsideTheLifecycle(
            f"{instance.reference} changed {GUARDED} outside lifecycle.change(): fire an event instead"
        )


@pytest.fixture(autouse=True)
def contact_state_moves_only_through_the_lifecycle():
    pre_save.connect(_guard, sender=Contact, dispatch_uid="lifecycle-guard")
    yield
    pre_save.disconnect(sender=Contact, dispatch_uid="lifecycle-guard")
