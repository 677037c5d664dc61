from datetime import date
from io import StringIO

from django.core.management import call_command

from frontdoor.people import services
from frontdoor.people.models import PersonBlockingKey


def test_the_index_is_rebuilt_from_the_people_after_a_rule_change(social_worker):
    person = services.create_person(
        user=social_worker,
        details=services.PersonDetails(
            given_name="Ava", family_name="Example", date_of_birth=date(2018, 3, 14)
        ),
    )
    expected = set(PersonBlockingKey.objects.filter(person=person).values_list("rule", "key"))
    PersonBlockingKey.objects.filter(person=person).delete()  # as if the keys came from older rules
    out = StringIO()
    call_command("rebuild_matching_index", stdout=out)
    assert set(PersonBlockingKey.objects.filter(person=person).values_list("rule", "key")) == expected
    assert "Matching index rebuilt" in out.getvalue()
