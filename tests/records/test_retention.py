"""The retention schedule: what is past its date goes with all its rows, what is not (or is social care) stays."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.people.models import ContactPerson, Person
from frontdoor.records.retention import CONTACT_RECORDS
from frontdoor.triage.models import Conversation, Decision
from tests.multiagency.factories import ContactFactory

from .factories import PersonFactory, adult, decide, link, note


def test_every_model_hanging_off_a_contact_is_covered_by_retention():
    """Adding a foreign key to Contact? Say in frontdoor/records/retention.py what retention does with it."""
    missing = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is Contact and model._meta.label not in CONTACT_RECORDS
    ]
    assert missing == []


@pytest.fixture
def old_nfa(chat, social_worker):
    contact = ContactFactory(team=chat, status=Contact.Status.DECIDED)
    decide(contact, social_worker, "nfa", years_ago=7)
    note(contact, social_worker)
    adult(contact)
    link(contact, PersonFactory())
    return contact


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_is_due_and_deletes_nothing(old_nfa):
    output = run("--dry-run")

    assert "closed-no-further-action" in output and old_nfa.reference in output
    assert "Dry run: nothing deleted" in output
    assert Contact.objects.filter(pk=old_nfa.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="retention.").exists()


def test_a_contact_past_its_date_goes_with_all_its_rows_and_its_lone_person(old_nfa):
    person_id = ContactPerson.objects.get(contact=old_nfa).person_id

    output = run()

    assert "Deleted 1 contact(s) and 1 person record(s)" in output
    assert not Contact.objects.filter(pk=old_nfa.pk).exists()
    assert not Decision.objects.filter(contact_id=old_nfa.pk).exists()
    assert not Conversation.objects.filter(contact_id=old_nfa.pk).exists()
    assert not Person.objects.filter(pk=person_id).exists()
    event = AuditEvent.objects.get(action="retention.delete_contact")
    assert event.object_reference == old_nfa.reference
    assert "closed-no-further-action" in event.reason
    # Reference and rule only: never the child's name
    assert "Ava" not in str([event.reason, event.before, event.after])
    assert AuditEvent.objects.filter(action="retention.delete_person").count() == 1


def test_the_audit_is_kept_after_a_deletion(old_nfa, social_worker):
    run()
    run()
    assert AuditEvent.objects.filter(action="retention.delete_contact").count() == 1


def test_a_contact_inside_its_date_is_kept(chat, social_worker):
    recent = ContactFactory(team=chat, status=Contact.Status.DECIDED)
    decide(recent, social_worker, "nfa", years_ago=2)
    early = ContactFactory(team=chat, status=Contact.Status.DECIDED)
    decide(early, social_worker, "early_help", years_ago=6)  # early help is kept 7 years

    run()

    assert Contact.objects.filter(pk__in=[recent.pk, early.pk]).count() == 2


def test_an_old_early_help_contact_goes_after_its_years(chat, social_worker):
    early = ContactFactory(team=chat, status=Contact.Status.DECIDED)
    decide(early, social_worker, "early_help", years_ago=8)

    assert "early-help-only" in run()
    assert not Contact.objects.filter(pk=early.pk).exists()


def test_a_contact_referred_to_social_care_is_kept_however_old(chat, social_worker):
    csc = ContactFactory(team=chat, status=Contact.Status.DECIDED)
    decide(csc, social_worker, "nfa", years_ago=20)
    decide(csc, social_worker, "assessment", years_ago=19)

    run()

    assert Contact.objects.filter(pk=csc.pk).exists()


def test_a_person_still_on_another_contact_is_kept(old_nfa, chat, social_worker):
    person = ContactPerson.objects.get(contact=old_nfa).person
    current = ContactFactory(team=chat)
    link(current, person)

    run()

    assert Person.objects.filter(pk=person.pk).exists()
    assert Contact.objects.filter(pk=current.pk).exists()


def test_a_contact_whose_reply_link_log_points_at_it_is_held_and_listed(old_nfa, social_worker):
    from django.utils import timezone

    from frontdoor.multiagency.models import ReplyLinkOpening
    from tests.multiagency.factories import InformationRequestFactory

    asked = InformationRequestFactory(contact=old_nfa, sent_by=social_worker)
    ReplyLinkOpening.objects.create(at=timezone.now(), request=asked, result="opened", method="GET")

    output = run()

    assert f"{old_nfa.reference} held" in output
    assert Contact.objects.filter(pk=old_nfa.pk).exists()


def test_a_case_sampled_for_quality_assurance_is_held_and_a_break_glass_opening_is_kept(
    old_nfa, social_worker, team_manager
):
    from datetime import date

    from django.utils import timezone

    from frontdoor.people.models import BreakGlass
    from frontdoor.quality.models import DipSample, SampledCase

    person = ContactPerson.objects.get(contact=old_nfa).person
    sample = DipSample.objects.create(
        week_starting=date(2019, 1, 7), seed=1, size=1, population=1, drawn_at=timezone.now()
    )
    sampled = SampledCase.objects.create(sample=sample, contact=old_nfa, decision=old_nfa.decisions.first())
    assert f"{old_nfa.reference} held" in run()
    assert Contact.objects.filter(pk=old_nfa.pk).exists()

    # Without the sample it goes; the break-glass opening of its child stays, and so does the child
    sampled.delete()
    opening = BreakGlass.objects.create(
        person=person,
        user=team_manager,
        reason="A call from the police",
        opened_at=timezone.now(),
        contact=old_nfa,
    )
    run()
    assert not Contact.objects.filter(pk=old_nfa.pk).exists()
    opening.refresh_from_db()
    assert opening.contact is None and Person.objects.filter(pk=person.pk).exists()
