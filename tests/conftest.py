"""Fixtures shared by the whole suite: two front door teams, staff in every role, contacts."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.testing import STAFF_BACKEND, complete_sign_in, give_second_factor  # noqa: F401
from frontdoor.core.calendar import decision_due
from frontdoor.core.codes import Channel, ReferralSource
from frontdoor.core.references import new_reference
from frontdoor.intake.models import Contact, ContactChild

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no public-form attempts counted (frontdoor/core/public_forms.py)."""
    from django.core.cache import caches

    caches["rate_limits"].clear()


@pytest.fixture(autouse=True)
def _recount_stored_persons():
    """Matching probabilities depend on how many persons are stored: each test counts its own."""
    from frontdoor.people.search import forget_stored_count

    forget_stored_count()


@pytest.fixture
def chat(db) -> Team:
    return Team.objects.create(
        slug="chat",
        name="Children's Help and Advice Team",
        kind=Team.Kind.SOCIAL_CARE,
        receives_online_concerns=True,
    )


@pytest.fixture
def fast(db) -> Team:
    return Team.objects.create(slug="fast", name="Family Advice and Support Team", kind=Team.Kind.EARLY_HELP)


@pytest.fixture
def make_user(db):
    def make(username: str, role: str, team: Team | None = None) -> User:
        user = User(username=username, role=role, team=team, first_name=username.title(), last_name="Tester")
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@pytest.fixture
def social_worker(make_user, chat) -> User:
    return make_user("sw.chat", Role.SOCIAL_WORKER, chat)


@pytest.fixture
def early_help_worker(make_user, fast) -> User:
    return make_user("ehw.fast", Role.EARLY_HELP_WORKER, fast)


@pytest.fixture
def contact_officer(make_user, chat) -> User:
    return make_user("co.chat", Role.CONTACT_OFFICER, chat)


@pytest.fixture
def team_manager(make_user, chat) -> User:
    return make_user("tm.chat", Role.TEAM_MANAGER, chat)


@pytest.fixture
def early_help_manager(make_user, fast) -> User:
    return make_user("tm.fast", Role.TEAM_MANAGER, fast)


@pytest.fixture
def analyst(make_user) -> User:
    return make_user("analyst", Role.ANALYST)


@pytest.fixture
def returns_officer(make_user) -> User:
    return make_user("returns.officer", Role.RETURNS_OFFICER)


@pytest.fixture
def administrator(make_user) -> User:
    return make_user("administrator", Role.ADMINISTRATOR)


@pytest.fixture
def make_contact(db):
    def make(
        team: Team, *, minutes_ago: int = 30, child=("Ava", "Example"), link: bool = True, **fields
    ) -> Contact:
        """A contact about one child. ``link`` (the default) links the child to their Person as the front door
        requires before a decision: the person with the same name and date of birth, or a new one."""
        received = timezone.now() - timedelta(minutes=minutes_ago)
        values = {
            "reference": new_reference(),
            "team": team,
            "channel": Channel.ONLINE,
            "received_at": received,
            "decision_due_at": decision_due(received),
            "concern": "A synthetic concern for testing.",
            "referrer_name": "Rita Referrer",
            "referrer_email": "rita@school.example",
            "referrer_agency": "Testfield Primary",
            "referral_source": ReferralSource.SCHOOLS,
            "submission_key": uuid.uuid4(),
        }
        values.update(fields)
        contact = Contact.objects.create(**values)
        # child: (given name, family name) or (given name, family name, date of birth)
        ContactChild.objects.create(
            contact=contact,
            given_name=child[0],
            family_name=child[1],
            date_of_birth=child[2] if len(child) > 2 else None,
        )
        if link:
            link_people(contact)
        return contact

    return make


def totp_code(device, *, step: int = 0) -> str:
    """The code the user's app shows now (step 1: the next one, which django-otp also accepts)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.t0 -= step * device.step
    return f"{totp.token():0{device.digits}d}"


def link_people(*contacts: Contact) -> None:
    """Link the contacts' children and adults to persons (certain matches, or new persons): the factory
    trait for "the people on this contact are known"."""
    from frontdoor.people.linking import link_contacts

    link_contacts(Contact.objects.filter(pk__in=[c.pk for c in contacts]), undated="new")


def signed_in(client, user: User):
    """Signed in with password and second factor, as every staff page needs."""
    client.force_login(user, backend=STAFF_BACKEND)
    complete_sign_in(client.session, user, user_agent=client.defaults.get("HTTP_USER_AGENT", ""))
    return client
