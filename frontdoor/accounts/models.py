import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class Team(models.Model):
    """A front door team. Each has its own queue; contacts belong to exactly one team at a time."""

    class Kind(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care front door"
        EARLY_HELP = "early_help", "Early help front door"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    receives_online_concerns = models.BooleanField(
        default=False, help_text="New online concerns go to this team's queue."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CONTACT_OFFICER = "contact_officer", "Contact officer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    EARLY_HELP_WORKER = "early_help_worker", "Early help worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    ANALYST = "analyst", "Analyst"
    # Compiles the statutory returns (CIN census, Annex A, SSD), which name children: the only role that may
    # export them. Analysts see aggregates only (docs/adr/0005)
    RETURNS_OFFICER = "returns_officer", "Returns officer"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    """A member of staff. Case access comes from the role and the team, never from Django's is_superuser."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    is_demo = models.BooleanField(default=False, help_text="Created by seed_demo; refused in production.")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class StaffSession(models.Model):
    """A signed-in browser, so that a person (or an administrator) can see where they are signed in and end
    it. The session itself stays in Django's session store; ending one deletes it there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"
