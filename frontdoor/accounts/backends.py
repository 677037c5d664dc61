from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Django's username and password check, refusing demo accounts where they are not allowed."""

    def user_can_authenticate(self, user):  # type: ignore[no-untyped-def]
        if getattr(user, "is_demo", False) and not settings.FRONTDOOR_ALLOW_DEMO_USERS:
            return False
        return super().user_can_authenticate(user)
