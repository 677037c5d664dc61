"""An administrator issues a partner token on the staff page (shown once; a double submit issues nobody a
second token) and revokes it; nobody else may."""

from __future__ import annotations

import uuid

from frontdoor.partners.models import PartnerToken
from tests.conftest import signed_in


def _form(key, **overrides):
    return {
        "submission_key": str(key),
        "partner": "Northshire Health Safeguarding",
        "team": "chat",
        "scopes": ["contacts:read"],
        **overrides,
    }


def test_an_administrator_issues_a_token_once_and_revokes_it(client, administrator, chat):
    signed_in(client, administrator)
    assert client.get("/staff/partners/").status_code == 200
    key = uuid.uuid4()
    page = client.post("/staff/partners/", _form(key)).content.decode()
    assert "Copy it now: it is shown only once" in page
    token = PartnerToken.objects.get()
    shown = page.split("<code")[1].split(">", 1)[1].split("</code>")[0]
    assert shown.startswith(f"fdp_{token.prefix}_") and token.digest not in page
    again = client.post("/staff/partners/", _form(key)).content.decode()
    assert "already issued" in again and PartnerToken.objects.count() == 1
    assert client.get("/partner/v1/contacts", HTTP_AUTHORIZATION=f"Bearer {shown}").status_code == 200
    client.post(f"/staff/partners/tokens/{token.pk}/revoke/")
    assert client.get("/partner/v1/contacts", HTTP_AUTHORIZATION=f"Bearer {shown}").status_code == 401
    assert "Revoked" in client.get("/staff/partners/").content.decode()


def test_mistakes_are_shown_next_to_the_fields_and_nothing_typed_is_lost(client, administrator, chat):
    signed_in(client, administrator)
    page = client.post("/staff/partners/", _form(uuid.uuid4(), team="", scopes=[])).content.decode()
    assert "Select the team whose contacts it reads" in page and "Select what the token may read" in page
    assert "Northshire Health Safeguarding" in page and not PartnerToken.objects.exists()


def test_only_administrators_manage_partner_systems(client, team_manager):
    signed_in(client, team_manager)
    assert client.get("/staff/partners/").status_code == 403
    assert client.post(f"/staff/partners/tokens/{uuid.uuid4()}/revoke/").status_code == 403
