"""Code lists for person records: CIN census sex and ethnicity, and the roles and relationships we record."""

from django.db import models


class Sex(models.TextChoices):
    # CIN census 2024-25 onwards: F / M / U
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known or not recorded"


class Ethnicity(models.TextChoices):
    """The DfE ethnicity codes used in the CIN census."""

    WBRI = "WBRI", "White – British"
    WIRI = "WIRI", "White – Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black – African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """The DfE disability codes of the CIN census (a child may have several; NONE only alone)."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability under the Equality Act 2010"


class Role(models.TextChoices):
    """The part a person plays in one contact."""

    SUBJECT_CHILD = "subject_child", "Child the contact is about"
    PARENT = "parent", "Parent or carer"
    ALLEGED_HARM = "alleged_harm", "Person alleged to cause harm"
    OTHER = "other", "Other person involved"


class RelationshipKind(models.TextChoices):
    """``relative`` is the person's ...; parental responsibility is held by ``relative`` for ``person``."""

    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    PARTNER = "partner", "Partner"
    OTHER = "other", "Other"


def role_for_relationship(text: str) -> str:
    """A best guess at the role of an adult from the relationship the referrer gave ("mum", "step-dad")."""
    lowered = text.casefold()
    if any(word in lowered for word in ("harm", "alleged", "perpetrator", "abuser", "suspect")):
        return Role.ALLEGED_HARM
    if any(
        word in lowered
        for word in ("mum", "mother", "dad", "father", "parent", "carer", "guardian", "step", "grand")
    ):
        return Role.PARENT
    return Role.OTHER
