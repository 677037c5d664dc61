"""Dip sampling and case audits: a weekly stratified sample of decided contacts, audited against Ofsted's
recurring themes, moderated by a second auditor, with actions that have owners."""

import uuid

from django.conf import settings
from django.db import models

from frontdoor.intake.models import Contact
from frontdoor.triage.models import Decision


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Theme(models.TextChoices):
    HISTORY = "history", "History considered"
    THRESHOLDS = "thresholds", "Thresholds applied"
    CONSENT = "consent", "Consent"
    OVERSIGHT = "oversight", "Management oversight"
    TIMELINESS = "timeliness", "Timeliness"
    VOICE_OF_CHILD = "voice_of_child", "Voice of the child"


class Judgement(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class SamplePlan(models.Model):
    """What the council sets: how many cases a week, and which strata each sample must cover."""

    size = models.PositiveSmallIntegerField(default=10)
    strata = models.JSONField(default=list)  # names from quality.sampling.DIMENSIONS
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.size} cases a week across {', '.join(self.strata)}"


class DipSample(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    week_starting = models.DateField(unique=True)
    seed = models.BigIntegerField()
    size = models.PositiveSmallIntegerField()
    strata = models.JSONField(default=list)
    population = models.PositiveIntegerField()
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-week_starting"]

    def __str__(self) -> str:
        return f"Dip sample, week of {self.week_starting}"


class SampledCase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sample = models.ForeignKey(DipSample, on_delete=models.CASCADE, related_name="cases")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    strata = models.JSONField(default=dict)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contact__reference"]
        constraints = [models.UniqueConstraint(fields=["sample", "decision"], name="one_case_per_sample")]

    def __str__(self) -> str:
        return f"{self.contact_id} in {self.sample}"


class Audit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(SampledCase, on_delete=models.CASCADE, related_name="audit")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=24, choices=Grade.choices)
    summary = models.TextField()
    completed_at = models.DateTimeField()
    # Set by moderation: the grade that stands
    moderated_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Audit of {self.case_id}"

    @property
    def final_grade(self) -> str:
        return self.moderated_grade or self.grade


class Finding(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    theme = models.CharField(max_length=20, choices=Theme.choices)
    judgement = models.CharField(max_length=10, choices=Judgement.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "theme"], name="one_finding_per_theme")]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.get_judgement_display()}"


class AuditAction(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due = models.DateField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due"]

    def __str__(self) -> str:
        return self.text
