"""The site's URLs plus one view that fails, to see the 500 page a user would get."""

from django.urls import path

from frontdoor.urls import handler404, handler500  # noqa: F401
from frontdoor.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", broken), *site_urlpatterns]
