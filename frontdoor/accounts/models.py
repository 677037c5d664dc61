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
