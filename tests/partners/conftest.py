"""Partners and their tokens, made the way an administrator makes them (through the services)."""

from __future__ import annotations

import pytest

from frontdoor.partners import services


@pytest.fixture
def issue(db, administrator):
    def make(team, *scopes: str, name: str = "Northshire Health Safeguarding"):
        partner = services.add_partner(user=administrator, name=name, team=team)
        return services.issue_token(
            user=administrator, partner=partner, scopes=list(scopes or ["contacts:read"])
        )

    return make


def bearer(issued) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.token}"}


@pytest.fixture
def receiver():
    from .receiver import Receiver, start

    found = Receiver()
    server = start(found)
    yield found
    server.shutdown()
    server.server_close()
