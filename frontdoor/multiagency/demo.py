"""Synthetic partner agencies for the demo (example domains only)."""

from .models import PartnerAgency

DEMO_AGENCIES = [
    ("Northshire Police MASH", PartnerAgency.Kind.POLICE, "MASH research desk", "mash@police.example"),
    (
        "Northshire Health Visiting",
        PartnerAgency.Kind.HEALTH_VISITING,
        "Safeguarding nurse",
        "hv@health.example",
    ),
    ("Riverside GP Practice", PartnerAgency.Kind.GP, "Practice safeguarding lead", "gp@health.example"),
    ("Northshire Schools", PartnerAgency.Kind.SCHOOL, "Designated safeguarding leads", "dsl@school.example"),
    ("Northshire Probation", PartnerAgency.Kind.PROBATION, "Duty officer", "duty@probation.example"),
    ("Northshire Housing", PartnerAgency.Kind.HOUSING, "Safeguarding team", "safeguarding@housing.example"),
    (
        "Adult Mental Health Service",
        PartnerAgency.Kind.ADULT_MENTAL_HEALTH,
        "Duty worker",
        "duty@amh.example",
    ),
    ("Recovery Service", PartnerAgency.Kind.SUBSTANCE_MISUSE, "Duty worker", "duty@recovery.example"),
]


def ensure_partner_agencies() -> int:
    created = 0
    for name, kind, contact_name, email in DEMO_AGENCIES:
        _, made = PartnerAgency.objects.get_or_create(
            name=name, defaults={"kind": kind, "contact_name": contact_name, "contact_email": email}
        )
        created += made
    return created
