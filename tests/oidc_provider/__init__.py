"""A tiny, separate Django project running django-oidc-provider: the council's identity provider in the single
sign-on tests. `server.py` starts it as its own process on a free port."""
