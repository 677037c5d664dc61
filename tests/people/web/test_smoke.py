import datetime as dt

from frontdoor.people import queries, search, services
from frontdoor.people.entries import entries_of
from tests.conftest import signed_in


def test_end_to_end(client, social_worker, make_contact, chat, make_person):
    person = make_person(social_worker, postcode="LS1 4AB", nhs_number="9434765919")
    contact = make_contact(chat, child=("Ava", "Exampel", dt.date(2015, 3, 27)))
    found = search.find_candidates(entries_of(contact)[0].record())
    assert [c.person.pk for c in found] == [person.pk]
    response = signed_in(client, social_worker).get(f"/staff/contacts/{contact.pk}/people/")
    assert response.status_code == 200, response.content
    assert person.reference in response.text
    entry = entries_of(contact)[0]
    response = client.post(
        f"/staff/contacts/{contact.pk}/people/", {"entry": entry.key, "person": person.pk, "action": "link"}
    )
    assert response.status_code == 302
    response = client.get(f"/staff/people/{person.pk}/")
    assert response.status_code == 200
    assert contact.reference in response.text
    history = queries.history_for_person(social_worker, person)
    assert history.contacts[0].reference == contact.reference
    other = make_person(social_worker, given="Ava", family="Example", postcode="LS1 4AB")
    assert queries.duplicates_for(social_worker)
    record = services.merge_persons(user=social_worker, survivor=person, merged=other, reason="same")
    services.unmerge(user=social_worker, record=record, reason="not")
