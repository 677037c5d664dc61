"""What referrers see and say: links to where a concern stands, the survey after an outcome, and consultation
call-back slots with the advice line."""

import uuid

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Team
from frontdoor.intake.models import Contact
from frontdoor.triage.models import Decision


class StatusLink(models.Model):
    """A single-use emailed link: to one concern (asked for with its reference and email) or to every concern
    a professional raised. The database keeps the token's hash; the token is only in the email."""

    class Kind(models.TextChoices):
        CONCERN = "concern", "One concern"
        PROFESSIONAL = "professional", "Every concern a professional raised"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} link"


class SurveyInvitation(models.Model):
    """One survey per outcome: the unique decision makes a second invitation impossible."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="survey_invitation")
    token_hash = models.CharField(max_length=64, unique=True)
    # Kept on the invitation so the answer can carry it without pointing back at the contact
    agency = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Survey for {self.decision_id}"


class SurveyResponse(models.Model):
    """A referrer's answers. Deliberately no link to the invitation, contact or worker: staff see answers by
    agency and week only, so feedback stays anonymous to the workers it is about."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.CharField(max_length=200, blank=True)
    week_starting = models.DateField(db_index=True)
    easy = models.CharField(max_length=6, choices=Answer.choices)
    kept_informed = models.CharField(max_length=6, choices=Answer.choices)
    got_what_child_needed = models.CharField(max_length=6, choices=Answer.choices)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-week_starting", "agency"]

    def __str__(self) -> str:
        return f"Feedback from {self.agency or 'a referrer'}, week of {self.week_starting}"


class AdviceSlot(models.Model):
    """A time the team's advice line will phone a professional back for a consultation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="advice_slots")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["team", "starts_at"], name="one_advice_slot_per_time")]

    def __str__(self) -> str:
        return f"{self.team}: {self.starts_at:%Y-%m-%d %H:%M}"


class AdviceBooking(models.Model):
    """A professional's booked consultation call-back: one per slot (the unique slot decides a race)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slot = models.OneToOneField(AdviceSlot, on_delete=models.PROTECT, related_name="booking")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40)
    agency = models.CharField(max_length=200, blank=True)
    # What the advice is about, in a few words; no names (the form says so)
    topic = models.CharField(max_length=300)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField()
    submission_key = models.UUIDField(unique=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at"]

    def __str__(self) -> str:
        return f"Advice call-back for {self.name}"
