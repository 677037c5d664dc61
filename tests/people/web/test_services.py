"""Writes: link, not the same, new person, merge and unmerge, each audited; a merge keeps everything and an
unmerge puts everything back exactly."""

import datetime as dt

import pytest

from frontdoor.core.models import AuditEvent
from frontdoor.people import queries, search, services
from frontdoor.people.codes import RelationshipKind
from frontdoor.people.entries import entries_of
from frontdoor.people.models import (
    ContactPerson,
    FamilyMember,
    MergeRecord,
    Person,
    PersonAddress,
    PersonName,
    PossibleDuplicate,
    Relationship,
)
from frontdoor.people.services import CannotMerge, NotAllowed, PersonDetails
from frontdoor.triage.models import Decision, Referral

DOB = dt.date(2015, 3, 27)


def actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(obj.pk)).order_by("at").values_list("action", flat=True)
    )


@pytest.fixture
def contact(make_contact, chat):
    return make_contact(chat, child=("Ava", "Exampel", DOB))


def test_create_person_keeps_identifiers_canonical_and_is_audited(social_worker):
    person = services.create_person(
        user=social_worker,
        details=PersonDetails(given_name="Ava", family_name="Example", nhs_number="943 476 5919", upn="a123", postcode="ls62ab"),
    )  # fmt: skip
    assert (person.nhs_number, person.upn, person.postcode) == ("9434765919", "", "LS6 2AB")
    assert person.reference.startswith("PN-")
    assert actions(person) == ["people.person_created"]
    assert person.blocking_keys.exists()


def test_link_reject_and_new_are_audited_and_rejections_remembered(social_worker, contact, make_person):
    ava = make_person(social_worker)
    other = make_person(social_worker, given="Eva", postcode="LS6 2AB")
    entry = entries_of(contact)[0]
    found = [
        c.person_id for c in queries.matches_for_contact(social_worker, contact, path="/t")[0].candidates
    ]
    assert found[0] == ava.pk and other.pk in found
    services.reject_candidate(user=social_worker, contact=contact, entry=entry, person=other)
    again = queries.matches_for_contact(social_worker, contact, path="/t")[0]
    assert other.pk not in [c.person_id for c in again.candidates] and again.rejected == 1
    link = services.link_to_person(user=social_worker, contact=contact, entry=entry, person=ava)
    assert (link.person, link.decision, link.decided_by) == (ava, "linked", social_worker)
    assert actions(link) == ["people.match_rejected", "people.contact_person_linked"]
    event = AuditEvent.objects.get(action="people.contact_person_linked")
    assert event.object_reference == contact.reference and event.after["person_id"] == str(ava.pk)
    # changing one's mind: a new record instead
    link = services.create_person_for_entry(
        user=social_worker, contact=contact, entry=entry, details=PersonDetails(given_name="Ava", family_name="Exampel", date_of_birth=DOB)
    )  # fmt: skip
    assert link.decision == "new" and link.person != ava
    assert actions(link)[-1] == "people.contact_person_new"
    assert AuditEvent.objects.get(action="people.contact_person_new").before["person_id"] == str(ava.pk)
    assert ContactPerson.objects.count() == 1


def test_only_the_contacts_team_may_link(early_help_worker, contact, make_person, social_worker):
    with pytest.raises(NotAllowed):
        services.link_to_person(
            user=early_help_worker,
            contact=contact,
            entry=entries_of(contact)[0],
            person=make_person(social_worker),
        )


def _full_setup(social_worker, make_contact, chat, make_person):
    """Two records of one child, each with contacts, a referral, names, addresses and family."""
    keep = make_person(social_worker, postcode="LS6 2AB", address_line_1="1 High Street")
    lose = make_person(
        social_worker, given="Avah", nhs_number="9434765919", postcode="BD7 1AA", address_line_1="9 Low Road"
    )
    services.add_other_name(user=social_worker, person=lose, given_name="Ava", family_name="Smith")
    PersonAddress.objects.create(person=lose, postcode="WF1 1AA", address_line_1="2 Old Road")
    services.refresh_blocking_keys(lose)
    mum = make_person(social_worker, given="Mary", family="Example", dob=dt.date(1985, 1, 1))
    family = services.create_family(user=social_worker, name="Example household", members=[lose, mum])
    services.add_relationship(
        user=social_worker,
        person=lose,
        relative=mum,
        kind=RelationshipKind.PARENT,
        parental_responsibility=True,
        family=family,
    )
    contacts = []
    for person in (keep, lose, lose):
        contact = make_contact(chat, child=("Ava", "Example", DOB))
        services.link_to_person(
            user=social_worker, contact=contact, entry=entries_of(contact)[0], person=person
        )
        contacts.append(contact)
    decision = Decision.objects.create(
        contact=contacts[2], outcome="assessment", level_of_need=4, rationale="x", decided_by=social_worker,
        decided_at=contacts[2].received_at, oversight="agreed",
    )  # fmt: skip
    Referral.objects.create(
        child=contacts[2].children.get(), contact=contacts[2], decision=decision, team=chat,
        referral_date=dt.date.today(), source="2A", primary_need="N1", created_at=contacts[2].received_at,
    )  # fmt: skip
    return keep, lose, mum, contacts


def _state(*persons):
    return {
        p.reference: {
            "contacts": sorted(str(i) for i in ContactPerson.objects.filter(person=p).values_list("pk", flat=True)),
            "names": sorted(str(i) for i in PersonName.objects.filter(person=p).values_list("pk", flat=True)),
            "addresses": sorted(str(i) for i in PersonAddress.objects.filter(person=p).values_list("pk", flat=True)),
            "families": sorted(str(i) for i in FamilyMember.objects.filter(person=p).values_list("pk", flat=True)),
            "relationships": sorted(str(i) for i in Relationship.objects.filter(person=p).values_list("pk", flat=True)),
            "fields": {f.attname: getattr(Person.objects.get(pk=p.pk), f.attname) for f in Person._meta.concrete_fields if f.name not in ("version",)},
            "keys": sorted(Person.objects.get(pk=p.pk).blocking_keys.values_list("rule", "key")),
        }
        for p in persons
    }  # fmt: skip


def test_merge_keeps_every_contact_referral_and_audit_entry_and_unmerge_restores_exactly(
    social_worker, make_contact, chat, make_person
):
    keep, lose, mum, contacts = _full_setup(social_worker, make_contact, chat, make_person)
    assert PossibleDuplicate.objects.filter(person_a__in=[keep, lose], person_b__in=[keep, lose]).exists()
    before = _state(keep, lose)
    audit_before = AuditEvent.objects.filter(object_id=str(lose.pk)).count()
    record = services.merge_persons(
        user=social_worker, survivor=keep, merged=lose, reason="Same child: school confirmed"
    )
    keep.refresh_from_db()
    lose.refresh_from_db()
    assert lose.merged_into == keep
    assert ContactPerson.objects.filter(person=keep).count() == 3
    assert keep.nhs_number == "9434765919"  # a gap filled from the merged record
    history = queries.history_for_person(social_worker, keep)
    assert {c.reference for c in history.contacts} == {c.reference for c in contacts}
    assert history.referrals_in_last_12_months == 1
    assert {str(n) for n in keep.other_names.all()} == {"Ava Smith", "Avah Example"}
    assert keep.addresses.count() == 2 and keep.family_memberships.count() == 1
    assert Relationship.objects.get(relative=mum).person == keep
    assert not lose.blocking_keys.exists()
    assert (
        search.find_candidates({"given_name": "Ava", "family_name": "Smith", "date_of_birth": "2015-03-27"})[
            0
        ].person
        == keep
    )
    assert AuditEvent.objects.filter(object_id=str(lose.pk)).count() == audit_before + 1  # nothing lost
    assert actions(keep)[-1] == "people.person_merged_in" and actions(lose)[-1] == "people.person_merged_away"

    services.unmerge(user=social_worker, record=record, reason="Twins, not one child")
    after = _state(keep, lose)
    for reference, state in before.items():
        for part, value in state.items():
            assert after[reference][part] == value, (reference, part)
    record.refresh_from_db()
    assert record.unmerged_by == social_worker
    assert actions(keep)[-1] == "people.person_unmerged" and actions(lose)[-1] == "people.person_restored"
    assert not PossibleDuplicate.objects.filter(person_a__in=[keep, lose], person_b__in=[keep, lose]).exists()
    with pytest.raises(CannotMerge):
        services.unmerge(user=social_worker, record=record, reason="again")


def test_a_merge_across_teams_live_contacts_needs_a_team_manager(
    social_worker, early_help_worker, team_manager, make_contact, chat, fast, make_person
):
    a = make_person(social_worker)
    b = make_person(early_help_worker, given="Avah")
    for person, team, user in ((a, chat, social_worker), (b, fast, early_help_worker)):
        contact = make_contact(team, child=("Ava", "Example", DOB))
        services.link_to_person(user=user, contact=contact, entry=entries_of(contact)[0], person=person)
    with pytest.raises(NotAllowed, match="team manager"):
        services.merge_persons(user=social_worker, survivor=a, merged=b, reason="same")
    assert MergeRecord.objects.count() == 0
    record = services.merge_persons(user=team_manager, survivor=a, merged=b, reason="same")
    with pytest.raises(NotAllowed, match="team manager"):
        services.unmerge(user=social_worker, record=record, reason="not")


def test_contact_officers_cannot_merge_and_same_team_practitioners_can(
    contact_officer, social_worker, make_person
):
    a, b = make_person(social_worker), make_person(social_worker, given="Avah")
    with pytest.raises(NotAllowed):
        services.merge_persons(user=contact_officer, survivor=a, merged=b, reason="same")
    services.merge_persons(user=social_worker, survivor=a, merged=b, reason="same")
    with pytest.raises(CannotMerge):
        services.merge_persons(user=social_worker, survivor=a, merged=b, reason="again")


def test_not_duplicates_are_not_suggested_again(social_worker, make_person):
    a, b = make_person(social_worker), make_person(social_worker, given="Avah")
    assert PossibleDuplicate.objects.count() == 1
    services.mark_not_duplicate(user=social_worker, a=a, b=b)
    services.update_person(
        user=social_worker,
        person=b,
        details=PersonDetails(given_name="Avah", family_name="Example", date_of_birth=DOB, sex="F"),
    )
    assert PossibleDuplicate.objects.count() == 0
    assert actions(a) == ["people.person_created", "people.not_duplicate"]
