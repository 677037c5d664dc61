"""What referrers are told. Emails carry the reference and what happens next, never the concern itself."""

from django.conf import settings
from django.utils import timezone

from frontdoor.feedback.links import acknowledgement_url

from .models import Contact


def acknowledgement_email(contact: Contact) -> tuple[str, str]:
    due = timezone.localtime(contact.decision_due_at)
    subject = f"We have received your concern – reference {contact.reference}"
    body = (
        # Never the name as typed: anyone can type anything into a public form, and it would greet the recipient
        "Hello,\n\n"
        f"Thank you for telling {settings.FRONTDOOR_COUNCIL_NAME} about your concern. "
        f"Your reference is {contact.reference}.\n\n"
        f"A social worker will look at it and decide what happens next by {due:%A %-d %B %Y at %H:%M}. "
        "We may phone you to talk it through. We will email you when we have decided.\n\n"
        f"See where your concern stands at any time:\n{acknowledgement_url(contact.pk)}\n\n"
        "If a child is in immediate danger, call 999.\n\n"
        f"{settings.FRONTDOOR_SERVICE_NAME}\n{settings.FRONTDOOR_COUNCIL_NAME}"
    )
    return subject, body
