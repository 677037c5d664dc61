from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Django's username and password check, refusing demo accounts where they are not allowed."""

    def user_can_authenticate(self, user):  # type: ignore[no-untyped-def]
        if getattr(user, "is_demo", False) and not settings.FRONTDOOR_ALLOW_DEMO_USERS:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):  # type: ignore[no-untyped-def]
        """The signed-in user with their team, which nearly every staff page shows (one query, not two)."""
        users = get_user_model()._default_manager.select_related("team")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    # The front door's permissions are rules (frontdoor/core/permissions.py). Nothing grants Django's model
    # permissions or groups, so reading their tables (two queries on every page that asks a rule that says no)
    # could only ever answer no
    def get_user_permissions(self, user_obj, obj=None):  # type: ignore[no-untyped-def]
        return set()

    def get_group_permissions(self, user_obj, obj=None):  # type: ignore[no-untyped-def]
        return set()
