"""People and families: who a contact is about, across every contact, with the keys that find them again.

A Person is written only by ``frontdoor.people.services`` (which also keeps the blocking keys and the list of
possible duplicates up to date and writes the audit trail). A contact's children and adults become linked to
persons through ContactPerson, one row per child or adult as the referrer described them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.accounts.models import Team
from frontdoor.intake.models import Contact, ContactChild

from .codes import Ethnicity, RelationshipKind, Role, Sex


class Person(models.Model):
    """A child (born or unborn) or an adult known to the front door."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # An unborn child: no date of birth yet
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField(max_length=13, blank=True, db_index=True)
    # CIN disability codes separated by spaces ("NONE", "MOB HAND"); blank = not recorded yet
    disabilities = models.CharField(max_length=60, blank=True)
    # The current address; earlier ones are PersonAddress rows
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    school = models.CharField(max_length=200, blank=True)
    gp_practice = models.CharField(max_length=200, blank=True)
    # Set when this record was merged into another: it is kept (audit entries point at it) but hidden
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The team that created the record may open it before it is linked to any of their contacts
    created_by_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family_name", "given_name"]
        # Search by date of birth or postcode alone (people.queries.search_people) at a million persons
        indexes = [
            models.Index(fields=["date_of_birth"], name="people_person_dob"),
            models.Index(fields=["postcode"], name="people_person_postcode"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.reference

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.middle_names, self.family_name) if part)

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class PersonName(models.Model):
    """Another name the person is known by: an alias, a previous family name, a name from a merged record."""

    class Kind(models.TextChoices):
        ALIAS = "alias", "Also known as"
        PREVIOUS = "previous", "Previous name"
        MERGED = "merged", "Name on a merged record"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class PersonAddress(models.Model):
    """An earlier address (the current one is on Person)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    moved_in = models.DateField(null=True, blank=True)
    moved_out = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-moved_out"]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.address_line_1, self.town, self.postcode) if p)


class PersonBlockingKey(models.Model):
    """One blocking key of one person for one rule of ``matching.BLOCKING_RULES``.

    A table rather than a column per rule: a person has several keys per rule (other names, earlier
    addresses), and one composite index serves every rule on SQLite and PostgreSQL alike."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="blocking_keys")
    rule = models.CharField(max_length=16)
    key = models.CharField(max_length=160)

    class Meta:
        indexes = [models.Index(fields=["rule", "key"], name="people_block_rule_key")]

    def __str__(self) -> str:
        return f"{self.rule}={self.key}"


class Family(models.Model):
    """A family or household: the people who live together or are looked after together."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name


class FamilyMember(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "person"], name="one_membership_per_family")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.family_id}"


class Relationship(models.Model):
    """``relative`` is ``person``'s <kind> (e.g. relative is the child's parent), and may hold parental
    responsibility for them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_as_relative")
    kind = models.CharField(max_length=12, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    family = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.SET_NULL, related_name="relationships"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="no_relationship_to_self")
        ]

    def __str__(self) -> str:
        return f"{self.relative} is {self.person}'s {self.get_kind_display().lower()}"


class ContactPerson(models.Model):
    """A child or adult on a contact, as the referrer described them, and which Person they are.

    Created when someone decides: linked to a known person, or a new person created. Until then the page
    shows the contact's children and adults straight from the contact."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        LINKED = "linked", "Linked to a known person"
        NEW = "new", "New person record created"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="contact_links"
    )
    # Which child or adult of the contact this is (ContactAdult is referred to by id only: the intake app
    # owns it and it may be re-created on edit)
    contact_child = models.ForeignKey(
        ContactChild, null=True, blank=True, on_delete=models.CASCADE, related_name="person_links"
    )
    contact_adult_id = models.UUIDField(null=True, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    # The details as typed
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    relationship = models.CharField(max_length=200, blank=True)
    decision = models.CharField(max_length=8, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why the link could not be made with certainty when existing records were linked (the review list)
    review_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["role", "family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "contact_child"],
                condition=Q(contact_child__isnull=False),
                name="one_link_per_contact_child",
            ),
            models.UniqueConstraint(
                fields=["contact", "contact_adult_id"],
                condition=Q(contact_adult_id__isnull=False),
                name="one_link_per_contact_adult",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} on {self.contact_id}"

    @property
    def reference(self) -> str:
        """The contact's reference, so that the audit trail can be searched by it."""
        return self.contact.reference

    @property
    def typed_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class MatchRejection(models.Model):
    """Someone said this candidate is not the person on the contact: do not suggest them again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact_person = models.ForeignKey(ContactPerson, on_delete=models.CASCADE, related_name="rejections")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rejected_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact_person", "person"], name="one_rejection_per_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} is not {self.contact_person_id}"


class PossibleDuplicate(models.Model):
    """Two person records the matcher thinks are one person (person_a's id sorts before person_b's)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    found_at = models.DateTimeField()

    class Meta:
        ordering = ["-probability"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_possible_duplicate")
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} may be {self.person_b_id} ({self.probability:.3f})"


class NotDuplicate(models.Model):
    """Someone checked: these two records are different people. Never suggested as duplicates again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="one_not_duplicate")]

    def __str__(self) -> str:
        return f"{self.person_a_id} is not {self.person_b_id}"


class MergeRecord(models.Model):
    """One merge: what moved from ``merged`` to ``survivor`` and the survivor as it was, so that an unmerge
    puts everything back exactly."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    reason = models.TextField()
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField()
    # {"contact_people": [ids], "other_names": [...], "addresses": [...], "family_members": [...],
    #  "relationships_person": [...], "relationships_relative": [...], "match_rejections": [...],
    #  "created_names": [...]}
    moved = models.JSONField()
    survivor_before = models.JSONField()
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerge_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} merged into {self.survivor_id}"


class BreakGlass(models.Model):
    """Someone opened (or linked) a person held by another team, saying why. It opens the record to that user
    for a few hours (people.queries.BREAK_GLASS_HOURS); the holding teams' managers are told and see it in
    their list, and administrators see every one. Never changed or deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="break_glass_openings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The user's team when they broke the glass (they may move later)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    opened_at = models.DateTimeField(db_index=True)
    # The contact they were matching for, when they came from a contact's people page
    # SET_NULL: the opening is kept when retention deletes the contact
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["user", "person", "opened_at"])]

    def __str__(self) -> str:
        return f"{self.user} opened {self.person.reference}"
