import uuid

from django.conf import settings
from django.db import models

from frontdoor.core.codes import Outcome, choices
from frontdoor.intake.models import Contact


class Decision(models.Model):
    """What the front door decided about a contact, and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=choices(Outcome))
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.outcome_label} ({self.contact})"

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label
