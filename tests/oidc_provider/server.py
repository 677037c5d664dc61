"""Start the test identity provider in its own process: migrate its database, make its signing key, add one
council person and Front Door as a client, serve on a free port. Used as a context manager by the tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent.parent

SETUP = """
import django, sys
django.setup()
from django.core.management import call_command
from django.contrib.auth.models import User
from oidc_provider.models import Client, ResponseType
call_command("migrate", verbosity=0)
call_command("creatersakey")
person = User.objects.create_user(sys.argv[1], email=sys.argv[2], password=sys.argv[3],
                                  first_name="Council", last_name="Person")
client = Client.objects.create(name="Front Door", client_id=sys.argv[4], client_secret=sys.argv[5],
                               client_type="confidential", jwt_alg="RS256", require_consent=False,
                               _redirect_uris=sys.argv[6], _scope="openid email profile")
client.response_types.add(ResponseType.objects.get(value="code"))
"""


@dataclass
class IdentityProvider:
    base_url: str
    client_id: str
    client_secret: str
    username: str
    password: str
    process: subprocess.Popen[bytes]

    def settings(self) -> dict[str, object]:
        """Front Door's settings to use this provider."""
        openid = f"{self.base_url}/openid"
        return {
            "FRONTDOOR_SSO_ENABLED": True,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{openid}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{openid}/token",
            "OIDC_OP_USER_ENDPOINT": f"{openid}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{openid}/jwks",
        }

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(*, email: str, redirect_uri: str) -> IdentityProvider:
    database = Path(tempfile.mkdtemp(prefix="frontdoor-idp-")) / "idp.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "TEST_IDP_DATABASE": str(database),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    username, password = "council.person", "council-password-42"
    client_id, client_secret = "front-door", "front-door-client-secret"
    subprocess.run(
        [sys.executable, "-c", SETUP, username, email, password, client_id, client_secret, redirect_uri],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base_url}/openid/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("The test identity provider did not start")
        time.sleep(0.3)
    return IdentityProvider(base_url, client_id, client_secret, username, password, process)
