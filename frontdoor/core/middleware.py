class NoStoreForStaffMiddleware:
    """Staff pages hold children's records: no browser or proxy may keep a copy."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        if request.path.startswith("/staff/"):
            response["Cache-Control"] = "no-store"
        return response
