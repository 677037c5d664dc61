"""What the workspace lead needs for history by person links, and the demo's people."""

import datetime as dt

from frontdoor.demo.seed import seed
from frontdoor.intake.models import Contact
from frontdoor.people import queries, services
from frontdoor.people.demo import seed_people
from frontdoor.people.entries import entries_of
from frontdoor.people.models import ContactPerson, Person, PossibleDuplicate, Relationship
from frontdoor.triage.models import Decision, Referral

DOB = dt.date(2015, 3, 27)


def test_history_and_links_for_the_contact_page(
    social_worker, early_help_worker, make_contact, chat, fast, make_person
):
    ava = make_person(social_worker)
    old = make_contact(fast, child=("Ava", "Example", DOB), minutes_ago=60 * 24 * 40)
    older = make_contact(chat, child=("Avah", "Exampel", DOB), minutes_ago=60 * 24 * 400)
    now = make_contact(chat, child=("Ava", "Example", DOB))
    services.break_glass(user=early_help_worker, person=ava, reason="Ava is on our contact.", path="/")
    for contact, user in ((old, early_help_worker), (older, social_worker), (now, social_worker)):
        services.link_to_person(user=user, contact=contact, entry=entries_of(contact)[0], person=ava)
    decision = Decision.objects.create(
        contact=old, outcome="assessment", level_of_need=4, rationale="x", decided_by=early_help_worker,
        decided_at=old.received_at, oversight="agreed",
    )  # fmt: skip
    Referral.objects.create(
        child=old.children.get(), contact=old, decision=decision, team=fast, referral_date=old.received_at.date(),
        source="2A", primary_need="N1", created_at=old.received_at,
    )  # fmt: skip
    old.status = Contact.Status.DECIDED
    old.save()
    history = queries.history_for_person(social_worker, ava, exclude_contact=now)
    assert [c.reference for c in history.contacts] == [old.reference, older.reference]
    assert history.contacts[0].url == "" and history.contacts[1].url  # another team's contact is not a link
    assert history.referrals_in_last_12_months == 1 and history.would_be_re_referral
    child = now.children.get()
    assert queries.linked_people_for_contact(social_worker, now) == {child.pk: ava}
    assert set(queries.children_linked_to_same_person(child)) == {old.children.get(), older.children.get()}
    unlinked = make_contact(chat, child=("Ava", "Example", DOB)).children.get()
    assert queries.children_linked_to_same_person(unlinked) == []


def test_seed_people_links_the_demo_contacts_quickly_and_once(db):
    seed(historic_contacts=120, open_contacts=8)
    report = seed_people()
    assert report.persons > 100 and report.links == ContactPerson.objects.count() > 100
    assert report.possible_duplicates >= 1 and PossibleDuplicate.objects.exists()
    assert Relationship.objects.filter(parental_responsibility=True).exists() or report.families == 0
    started = ContactPerson.objects.exclude(contact__status="open").count()
    assert started == ContactPerson.objects.count()  # new contacts are left for staff to search and match
    assert Person.objects.filter(blocking_keys__isnull=False).distinct().count() == Person.objects.count()
    assert seed_people().persons == 0  # idempotent
