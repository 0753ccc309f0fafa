"""WEB: the staff sign-in and sign-out pages, password resets and accepting invitations
(sessions live in shop/web/sessions.py, the throttles in shop/accounts/throttle.py)."""

from . import invitations, password_reset  # noqa: F401 - they attach their routes to `bp`
from .views import bp

__all__ = ["bp"]
