"""The phone line's figures and rota, and the council's localities (small areas mapped from postcodes)."""

import uuid

from django.conf import settings
from django.db import models


class CallImport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filename = models.CharField(max_length=200)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()
    intervals = models.PositiveIntegerField()
    replaced = models.PositiveIntegerField(default=0)
    missing = models.JSONField(default=list)  # half-hours the file did not have, ISO strings

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.filename


class CallInterval(models.Model):
    """One half-hour of the phone line as the telephony system counted it (planning.calls_csv)."""

    starts_at = models.DateTimeField(unique=True)
    offered = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()
    abandoned = models.PositiveIntegerField()
    average_wait_seconds = models.FloatField()
    average_handling_seconds = models.FloatField()
    source = models.ForeignKey(CallImport, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}: {self.offered} calls"


class RotaSlot(models.Model):
    """How many call handlers the rota puts on the line in a half-hour of the week."""

    weekday = models.PositiveSmallIntegerField()  # 0 = Monday
    starts = models.TimeField()
    handlers = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["weekday", "starts"], name="one_rota_slot_per_half_hour")
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.starts}: {self.handlers}"


class Locality(models.Model):
    """A council's small area, for example a family hub area."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class LocalityPostcode(models.Model):
    """A postcode, sector ('NS1 2') or district ('NS1') in a locality; the longest match wins."""

    prefix = models.CharField(max_length=8, primary_key=True)
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="postcodes")

    def __str__(self) -> str:
        return f"{self.prefix} → {self.locality}"
