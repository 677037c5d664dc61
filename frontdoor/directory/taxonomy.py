"""The family hubs taxonomy: the six categories the DfE's family hubs directory uses, and their sub-categories.

Ids are stable (UUID 5 from the code) so every Front Door install, and every export, names a term the same way.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("5d0f3c1e-3b8a-4c53-9a57-6b8f6e0f0d11")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy:family-hubs")
TAXONOMY_NAME = "Family hubs service categories"
LOCATION_TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy:location-type")
LOCATION_TAXONOMY_NAME = "Front Door location types"
FAMILY_HUB_CODE = "family-hub"
FAMILY_HUB_TERM_ID = uuid.uuid5(NAMESPACE, f"term:{FAMILY_HUB_CODE}")

CATEGORIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "activities-clubs-and-groups",
        "Activities, clubs and groups",
        [
            ("activities", "Activities"),
            ("before-and-after-school-clubs", "Before and after school clubs"),
            ("holiday-clubs-and-schemes", "Holiday clubs and schemes"),
            ("music-arts-and-dance", "Music, arts and dance"),
            ("parent-baby-and-toddler-groups", "Parent, baby and toddler groups"),
            ("pre-school-playgroup", "Pre-school playgroup"),
            ("sports-and-recreation", "Sports and recreation"),
        ],
    ),
    (
        "family-support",
        "Family support",
        [
            ("bullying", "Bullying"),
            ("debt-and-welfare-advice", "Debt and welfare advice"),
            ("domestic-abuse", "Domestic abuse"),
            ("intensive-targeted-family-support", "Intensive targeted family support"),
            ("money-benefits-and-housing", "Money, benefits and housing"),
            ("parenting-support", "Parenting support"),
            ("reducing-parental-conflict", "Reducing parental conflict"),
            ("separating-and-separated-parent-support", "Separating and separated parent support"),
            ("stopping-smoking", "Stopping smoking"),
            ("substance-misuse", "Substance misuse (including alcohol and drugs)"),
            ("targeted-youth-support", "Targeted youth support"),
            ("youth-justice-services", "Youth justice services"),
        ],
    ),
    (
        "health",
        "Health",
        [
            ("hearing-and-sight", "Hearing and sight"),
            ("mental-health-social-and-emotional-support", "Mental health, social and emotional support"),
            ("nutrition-and-weight-management", "Nutrition and weight management"),
            ("oral-health", "Oral health"),
            ("public-health-services", "Public health services"),
        ],
    ),
    (
        "pregnancy-birth-and-early-years",
        "Pregnancy, birth and early years",
        [
            ("birth-registration", "Birth registration"),
            ("early-years-language-and-learning", "Early years language and learning"),
            ("health-visiting", "Health visiting"),
            ("infant-feeding-support", "Infant feeding support"),
            ("midwife-and-maternity", "Midwife and maternity"),
            ("perinatal-mental-health-support", "Perinatal mental health support"),
        ],
    ),
    (
        "send",
        "Special educational needs and disabilities",
        [
            ("autism", "Autism"),
            ("breaks-and-respite", "Breaks and respite"),
            ("send-early-years-support", "Early years support"),
            ("send-groups-for-parents-and-carers", "Groups for parents and carers of children with SEND"),
            ("hearing-impairment", "Hearing impairment"),
            ("learning-difficulties-and-disabilities", "Learning difficulties and disabilities"),
            ("multi-sensory-impairment", "Multi-sensory impairment"),
            ("physical-disabilities", "Physical disabilities"),
            ("send-social-emotional-and-mental-health", "Social, emotional and mental health support"),
            ("speech-language-and-communication-needs", "Speech, language and communication needs"),
            ("visual-impairment", "Visual impairment"),
            ("other-difficulties-or-disabilities", "Other difficulties or disabilities"),
        ],
    ),
    ("transport", "Transport", [("community-transport", "Community transport")]),
]


def term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{code}")


def rows() -> list[dict[str, object]]:
    """Every term as field values, parents first."""
    result: list[dict[str, object]] = []
    for position, (code, name, children) in enumerate(CATEGORIES):
        result.append(
            {"id": term_id(code), "code": code, "name": name, "parent_id": None, "position": position}
        )
        for child_position, (child_code, child_name) in enumerate(children):
            result.append(
                {
                    "id": term_id(child_code),
                    "code": child_code,
                    "name": child_name,
                    "parent_id": term_id(code),
                    "position": child_position,
                }
            )
    return result


def ensure_taxonomy(taxonomy_model: type, term_model: type) -> int:  # type: ignore[type-arg]
    """Create or refresh the taxonomies and their terms (used by the migration and the seed). Idempotent."""
    taxonomy_model.objects.update_or_create(  # type: ignore[attr-defined]
        id=TAXONOMY_ID,
        defaults={
            "name": TAXONOMY_NAME,
            "description": "The six categories of the DfE family hubs directory.",
        },
    )
    taxonomy_model.objects.update_or_create(  # type: ignore[attr-defined]
        id=LOCATION_TAXONOMY_ID,
        defaults={"name": LOCATION_TAXONOMY_NAME, "description": "Kinds of place in the directory."},
    )
    count = 0
    for row in rows():
        term_model.objects.update_or_create(  # type: ignore[attr-defined]
            id=row["id"],
            defaults={
                "taxonomy_id": TAXONOMY_ID,
                "code": row["code"],
                "name": row["name"],
                "parent_id": row["parent_id"],
                "position": row["position"],
            },
        )
        count += 1
    term_model.objects.update_or_create(  # type: ignore[attr-defined]
        id=FAMILY_HUB_TERM_ID,
        defaults={
            "taxonomy_id": LOCATION_TAXONOMY_ID,
            "code": FAMILY_HUB_CODE,
            "name": "Family hub",
            "description": "A place where families get help with any need, from pregnancy to 19 (25 with SEND).",
        },
    )
    return count + 1
