"""Accepting an invitation: the invitee chooses their password through the emailed link."""

from __future__ import annotations

from ..accounts import email_links
from ..accounts.tokens import LinkRefused
from .link_pages import LinkPage, choose_password
from .views import bp

INVITATION_PAGE = LinkPage(
    title="Accept your invitation",
    intro="Welcome! Choose the password you will sign in with, together with your email "
    "address {email}.",
    done="Your account is ready. Sign in with your email address and new password.",
    holder=email_links.invited_user,
    redeem=email_links.accept_invitation,
    refusals={
        LinkRefused.INVALID: "This invitation link is not valid. Check that the whole link "
        "was copied from the email.",
        LinkRefused.EXPIRED: "This invitation has expired. Ask an admin to send a new one.",
        LinkRefused.USED: "This invitation has already been accepted, or a newer one was "
        "sent: use the link in the newest email, or sign in.",
        email_links.INACTIVE: "This account is deactivated. An admin can reactivate it.",
    },
    next_step=("Go to sign in", "auth.login"),
)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation_accept(token: str):
    return choose_password(INVITATION_PAGE, token)
