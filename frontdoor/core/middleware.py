import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader

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


class NoStoreForStaffMiddleware:
    """Staff pages hold children's records: no browser or proxy may keep a copy."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        if request.path.startswith("/staff/"):
            response["Cache-Control"] = "no-store"
        return response
