"""gunicorn reads this file from the working directory (`make run`, the Procfile, the benchmarks).

gunicorn writes `Server: gunicorn` on every response and has no setting to leave it out; the banner tells an
attacker what to try, so the response's default headers are filtered here, once, as the server starts."""

import gunicorn.http.wsgi

_default_headers = gunicorn.http.wsgi.Response.default_headers


def _without_server_banner(self):  # type: ignore[no-untyped-def]
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _without_server_banner  # type: ignore[method-assign]
