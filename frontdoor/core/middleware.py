import re

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse

# NUL and the other C0 control characters (and DEL). Tab, line feed and carriage return are ordinary text in a
# textarea; nothing else in this range is ever typed, and PostgreSQL refuses NUL in text outright (a 500).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# The JSON APIs (docs/adr/0022): their clients read JSON, so their 400 is JSON too
API_PATH_PREFIXES = ("/openreferral/", "/partner/")


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


class RefuseControlCharactersMiddleware:
    """One place that answers 400 to a path, query parameter or form field with a control character in it,
    before any view (or the database) sees it. Uploaded files are not text and are not checked."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        if self._refused(request):
            if request.path.startswith(API_PATH_PREFIXES):
                message = "Sorry, we could not understand that request: it has a control character. Go back and try again."
                return JsonResponse({"error": message, "status": 400}, status=400)
            return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))
        return self.get_response(request)

    @staticmethod
    def _refused(request) -> bool:  # type: ignore[no-untyped-def]
        if has_control_characters(request.path) or has_control_characters(request.path_info):
            return True
        if _any_bad(request.GET):
            return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return _any_bad(request.POST)
        return False


def _any_bad(data) -> bool:  # type: ignore[no-untyped-def]
    for key, values in data.lists():
        if has_control_characters(key) or any(has_control_characters(v) for v in values):
            return True
    return False


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, saving a session the request did not change only when its idle expiry needs pushing back
    (frontdoor.core.sessions): SESSION_SAVE_EVERY_REQUEST wrote the session row on every page."""

    def process_response(self, request, response):  # type: ignore[no-untyped-def]
        session = getattr(request, "session", None)
        if session is not None and not session.modified and hasattr(session, "expiry_is_stale"):
            accessed = session.accessed  # the check reads the session; the Vary header must not change for it
            session.modified = session.expiry_is_stale()
            session.accessed = accessed
        return super().process_response(request, response)


class NoStoreForStaffMiddleware:
    """Staff pages hold children's records: no browser or proxy may keep a copy."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        if request.path.startswith("/staff/"):
            response["Cache-Control"] = "no-store"
        return response


class AuditContextMiddleware:
    """Gives the Auditor the request (IP address, session) and keeps every refused page opening (a 403) in the
    access log, also those refused by a permission check before any record was read."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        from . import auditor, request_context

        token = request_context.begin(request)
        try:
            response = self.get_response(request)
            context = request_context.current()
            user = getattr(request, "user", None)
            if (
                response.status_code == 403
                and context is not None
                and not context.refusal_logged
                and getattr(user, "is_authenticated", False)
            ):
                match = getattr(request, "resolver_match", None)
                auditor.record_access(
                    actor=user,
                    object_type="page",
                    object_id=(match.view_name if match else "")[:64] or request.path[:64],
                    path=request.path,  # never the query: it may hold a child's details
                    granted=False,
                )
            return response
        finally:
            request_context.end(token)


def safe_to_run_again(view):  # type: ignore[no-untyped-def]
    """Marks a form's view whose writes are keyed (a submission key: sending twice makes one record), so that
    `HealDroppedConnectionMiddleware` runs it once more after a dropped connection even if it had written."""
    view.safe_to_run_again = True
    return view


class HealDroppedConnectionMiddleware:
    """A request that meets a dropped database connection (a restart, `pg_terminate_backend`, a failover, SQLite
    still locked after its busy timeout) is not a 500. The broken connections are closed, so the next query opens
    a fresh one, and the view is run once more: always for a GET or HEAD, for a form only if nothing it wrote
    had been committed yet (so running it again cannot do anything twice) or its writes are keyed
    (`safe_to_run_again`, as "Send request"). Otherwise, or if it fails again, the
    answer is a page that says what happened and holds everything typed, ready to send again (a double submit
    never duplicates: the forms carry their own submission keys)."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        from django.db import connection, transaction

        writes = {"committed": False}

        def committed() -> None:
            writes["committed"] = True

        def track(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            result = execute(sql, params, many, context)
            if not str(sql).lstrip()[:6].upper().startswith("SELECT"):
                if context["connection"].in_atomic_block:
                    transaction.on_commit(committed, using=context["connection"].alias)  # only if it commits
                else:
                    committed()  # autocommit: it is in the database now
            return result

        request._database_writes = writes
        with connection.execute_wrapper(track):
            return self.get_response(request)

    def process_exception(self, request, exception):  # type: ignore[no-untyped-def]
        import logging

        from django.db import transaction
        from django.urls import resolve

        from frontdoor.worker.transient import is_transient, reset_connections

        if not is_transient(exception) or getattr(request, "_retried_after_dropped_connection", False):
            return None
        if transaction.get_connection().in_atomic_block:
            return None  # inside a transaction the caller must decide; closing it here would hide the error
        logging.getLogger("frontdoor.connections").warning(
            "%s %s met a dropped database connection (%s); opening a fresh one",
            request.method,
            request.path,
            exception,
        )
        reset_connections()
        request._retried_after_dropped_connection = True
        writes = getattr(request, "_database_writes", {"committed": True})
        match = resolve(request.path_info)
        if (
            request.method in ("GET", "HEAD")
            or not writes["committed"]
            or getattr(match.func, "safe_to_run_again", False)
        ):
            try:
                return match.func(request, *match.args, **match.kwargs)
            except Exception as again:  # noqa: BLE001 (the second failure gets the clear page, not a 500)
                if not is_transient(again):
                    raise
                reset_connections()
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        return TemplateResponse(
            request, "503_connection.html", {"fields": fields, "action": request.get_full_path()}, status=503
        ).render()
