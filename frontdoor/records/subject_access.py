"""A subject access export of one person's record: a ZIP of JSON (everything) and a readable PDF, with the
third parties named in it listed for redaction before release (ADR 0023)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.people.models import ContactPerson, Person


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _fields(obj: Any, names: list[str]) -> dict[str, Any]:
    return {name: _iso(getattr(obj, name)) for name in names}


def record_of(person: Person) -> dict[str, Any]:
    """Everything about the person, and the third parties it names."""
    links = ContactPerson.objects.filter(person=person).select_related("contact")
    own_children = {link.contact_child_id for link in links if link.contact_child_id}
    own_adults = {link.contact_adult_id for link in links if link.contact_adult_id}
    third: list[dict[str, str]] = []
    contacts = []
    for contact in Contact.objects.filter(pk__in=[link.contact_id for link in links]).order_by("received_at"):
        third.append(
            {
                "kind": "referrer",
                "name": contact.referrer_name,
                "detail": contact.referrer_agency,
                "contact": contact.reference,
            }
        )
        children = []
        for child in contact.children.all():
            entry = _fields(child, ["given_name", "family_name", "date_of_birth"])
            children.append(entry)
            if child.pk not in own_children:
                name = f"{child.given_name} {child.family_name}".strip()
                third.append(
                    {"kind": "other child", "name": name, "detail": "", "contact": contact.reference}
                )
        adults = []
        for grown in contact.adults.all():
            adults.append(_fields(grown, ["name", "relationship", "date_of_birth"]))
            if grown.pk not in own_adults:
                third.append(
                    {
                        "kind": "adult",
                        "name": grown.name,
                        "detail": grown.relationship,
                        "contact": contact.reference,
                    }
                )
        requests = []
        for asked in contact.information_requests.all():
            requests.append(
                _fields(
                    asked,
                    [
                        "agency_name",
                        "sent_to_name",
                        "question",
                        "status",
                        "sent_at",
                        "reply_text",
                        "replied_at",
                    ],
                )
            )
            for name in {asked.sent_to_name, asked.replied_by_name} - {""}:
                third.append(
                    {
                        "kind": "agency contact",
                        "name": name,
                        "detail": asked.agency_name,
                        "contact": contact.reference,
                    }
                )
        contacts.append(
            {
                **_fields(contact, ["reference", "received_at", "channel", "concern", "status"]),
                "referrer": _fields(contact, ["referrer_name", "referrer_agency", "referral_source"]),
                "children": children,
                "adults": adults,
                "decisions": [
                    _fields(
                        d, ["outcome", "rationale", "next_step", "decided_at", "oversight", "overseen_at"]
                    )
                    for d in contact.decisions.all()
                ],
                "notes": [
                    _fields(c, ["started_at", "participants", "worries", "working_well", "needs_to_happen"])
                    for c in contact.conversations.all()
                ]
                + [
                    _fields(a, ["agency", "asked", "response", "recorded_at"])
                    for a in contact.agency_checks.all()
                ],
                "information_requests": requests,
            }
        )
    return {
        "exported_at": timezone.now().isoformat(),
        "person": _fields(
            person,
            [
                "reference",
                "given_name",
                "middle_names",
                "family_name",
                "date_of_birth",
                "sex",
                "nhs_number",
                "upn",
                "address_line_1",
                "address_line_2",
                "town",
                "postcode",
                "school",
                "gp_practice",
            ],
        ),
        "other_names": [_fields(n, ["given_name", "family_name", "kind"]) for n in person.other_names.all()],
        "contacts": contacts,
        "third_parties": third,
    }


def pdf_of(record: dict[str, Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story: list[Any] = []

    def para(text: Any, style: str = "BodyText") -> None:
        story.append(Paragraph(escape(str(text or "")), styles[style]))

    person = record["person"]
    para(f"Subject access export: {person['reference']}", "Title")
    para(f"Exported {record['exported_at']}. Third parties are listed at the end: redact before release.")
    para("The person", "Heading2")
    for key, value in person.items():
        if value:
            para(f"{key.replace('_', ' ').capitalize()}: {value}")
    for contact in record["contacts"]:
        para(f"Contact {contact['reference']} received {contact['received_at']}", "Heading2")
        para(contact["concern"])
        for decision in contact["decisions"]:
            para(f"Decision ({decision['decided_at']}): {decision['outcome']}. {decision['rationale']}")
        for item in contact["notes"]:
            para("Note: " + "; ".join(str(v) for v in item.values() if v))
        for asked in contact["information_requests"]:
            para(
                f"Information asked of {asked['agency_name']}: {asked['question']} Reply: {asked['reply_text']}"
            )
    para("Third parties named in this record", "Heading2")
    for party in record["third_parties"]:
        para(f"{party['kind']}: {party['name']} {party['detail']} (contact {party['contact']})")
    story.append(Spacer(1, 12))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=f"Subject access {person['reference']}").build(story)
    return out.getvalue()


def export(person: Person, *, user: Any = None, actor_description: str = "") -> bytes:
    """The ZIP for one person, audited. A signed-in user needs the administrator's permission."""
    if user is not None and not user.has_perm(Permission.EXPORT_SUBJECT_ACCESS):
        raise PermissionDenied
    record = record_of(person)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("record.json", json.dumps(record, indent=2, ensure_ascii=False))
        archive.writestr("record.pdf", pdf_of(record))
        archive.writestr(
            "third-parties.json", json.dumps(record["third_parties"], indent=2, ensure_ascii=False)
        )
    auditor.record_change(
        actor=user,
        action="records.subject_access_export",
        obj=person,
        before=None,
        after=None,
        reason=f"{len(record['contacts'])} contact(s), {len(record['third_parties'])} third-party entries",
        actor_description=actor_description,
    )
    return out.getvalue()
