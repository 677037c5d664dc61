"""Helpers for the people app's Django tests: persons made through the services, so keys are kept."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.people import services
from frontdoor.people.services import PersonDetails


@pytest.fixture
def make_person(db):
    def make(user, given="Ava", family="Example", dob=dt.date(2015, 3, 27), **fields) -> object:
        details = PersonDetails(given_name=given, family_name=family, date_of_birth=dob, **fields)
        return services.create_person(user=user, details=details)

    return make


@pytest.fixture
def make_contact(make_contact):
    """People tests decide the links themselves: their contacts start unlinked."""

    def make(*args, link: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        return make_contact(*args, link=link, **kwargs)

    return make
