import pytest

from tests.multiagency.factories import ContactFactory, PartnerAgencyFactory


@pytest.fixture
def police(db):
    return PartnerAgencyFactory(police=True)


@pytest.fixture
def school(db):
    return PartnerAgencyFactory(school=True)


@pytest.fixture
def contact(chat):
    return ContactFactory(team=chat)
