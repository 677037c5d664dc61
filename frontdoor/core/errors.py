"""The one exception a service raises when it refuses a change for a reason the user can act on.

Views catch `Refused` and show its message (in an error summary or a notification banner): the message is
written for the user, in plain words, and says what to do next. Permission failures stay Django's
`PermissionDenied` (a 403 page); anything else is a bug and a 500.
"""


class Refused(Exception):
    """A change the front door refuses; `str(error)` is the message for the user."""

    default_message = "This change could not be made. Nothing was saved."

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self)
