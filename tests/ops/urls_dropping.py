"""The site's URLs plus views whose database connection drops mid-request (issue 17): on PostgreSQL the
connection is really terminated (`pg_terminate_backend`); SQLite has no server to drop it, so there the view
meets the OperationalError Django raises when the database is still locked after the busy timeout."""

import contextlib

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from frontdoor.core.middleware import safe_to_run_again
from frontdoor.urls import handler404, handler500  # noqa: F401
from frontdoor.urls import urlpatterns as site_urlpatterns

calls = {"read": 0, "save": 0, "once": 0, "wrote": 0, "keyed": 0}


def _drop() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
            cursor.execute("SELECT 1")  # the connection is gone: OperationalError
        else:
            raise OperationalError("database is locked")


def read(request):
    calls["read"] += 1
    if calls["read"] == 1:
        _drop()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 41 + 1")
        return HttpResponse(f"The answer is {cursor.fetchone()[0]}")


def save(request):
    calls["save"] += 1
    _drop()
    return HttpResponse("saved")


def save_once(request):
    """Drops on the first try only, before writing anything: safe to run again."""
    calls["once"] += 1
    if calls["once"] == 1:
        _drop()
    return HttpResponse(f"saved {request.POST['concern']}")


def wrote_then_dropped(request):
    """Writes (committed at once), then the connection drops: running it again could do the write twice."""
    from frontdoor.accounts.models import Team

    calls["wrote"] += 1
    Team.objects.create(slug=f"wrote-{calls['wrote']}", name="A team written before the drop")
    _drop()
    return HttpResponse("never")


@safe_to_run_again
def wrote_keyed_then_dropped(request):
    """Writes a record keyed by what was sent (as "Send request" does), then the connection drops, once."""
    from frontdoor.accounts.models import Team

    calls["keyed"] += 1
    team, _ = Team.objects.get_or_create(slug=f"keyed-{request.POST['key']}", defaults={"name": "Keyed"})
    if calls["keyed"] == 1:
        _drop()
    return HttpResponse(f"sent {team.slug}")


def remember(request):
    """Changes the session, then the connection drops before SessionMiddleware saves it (PostgreSQL only)."""
    request.session["remembered"] = request.GET.get("what", "")
    with contextlib.suppress(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    return HttpResponse("noted")


def recall(request):
    return HttpResponse(request.session.get("remembered", "nothing"))


urlpatterns = [
    path("drops/read/", read),
    path("drops/save/", save),
    path("drops/save-once/", save_once),
    path("drops/wrote/", wrote_then_dropped),
    path("drops/keyed/", wrote_keyed_then_dropped),
    path("drops/remember/", remember),
    path("drops/recall/", recall),
    *site_urlpatterns,
]
