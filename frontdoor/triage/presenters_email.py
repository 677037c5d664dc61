"""The outcome email: the reference and what happens next, never the detail of the family's situation."""

from collections.abc import Sequence

from django.conf import settings

from frontdoor.core.codes import Outcome
from frontdoor.directory.queries import suggested_services_by_ids, suggestions_as_email_text
from frontdoor.intake.models import Contact

WHAT_HAPPENS_NEXT = {
    Outcome.NO_FURTHER_ACTION: (
        "We have decided that children's social care does not need to take any further action. "
        "If you are still worried, or something changes, please contact us again."
    ),
    Outcome.ADVICE_OR_SIGNPOST: (
        "We have given information and advice. "
        "Children's social care will not take any further action at this stage."
    ),
    Outcome.SIGNPOST: (
        "We have suggested services in the community that can help the family. "
        "Children's social care will not take any further action at this stage."
    ),
    Outcome.EARLY_HELP: (
        "The family will be offered support from our early help service. "
        "An early help worker may contact you to talk about how you can help."
    ),
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: (
        "A social worker will carry out an assessment with the family. "
        "They may contact you for more information."
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "We are acting on your concern now, with the police and health services where needed. "
        "A social worker may contact you for more information."
    ),
    Outcome.ALREADY_OPEN: (
        "The family already has a social worker. We have passed your concern to them, "
        "and they may contact you for more information."
    ),
    Outcome.LADO: (
        "We have passed your concern to the Local Authority Designated Officer (LADO), "
        "who may contact you for more information."
    ),
    Outcome.PRIVATE_FOSTERING: (
        "A social worker will visit to check the private fostering arrangement. "
        "They may contact you for more information."
    ),
}


def outcome_email(
    contact: Contact, outcome: Outcome, suggested_services: Sequence[str] = ()
) -> tuple[str, str]:
    subject = f"What we have decided – reference {contact.reference}"
    services = ""
    if suggested_services:
        listed = suggestions_as_email_text(
            suggested_services_by_ids(suggested_services), settings.FRONTDOOR_SITE_URL
        )
        services = f"Services we have suggested to the family:\n\n{listed}\n\n" if listed else ""
    body = (
        # Never the name as typed: anyone can type anything into a public form, and it would greet the recipient
        "Hello,\n\n"
        f"Thank you for telling us about your concern (reference {contact.reference}).\n\n"
        f"{WHAT_HAPPENS_NEXT[outcome]}\n\n"
        f"{services}"
        "If a child is in immediate danger, call 999.\n\n"
        f"{settings.FRONTDOOR_SERVICE_NAME}\n{settings.FRONTDOOR_COUNCIL_NAME}"
    )
    return subject, body
