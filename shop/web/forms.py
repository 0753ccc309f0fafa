"""Form pieces every web package uses: the CSRF-only form behind POST buttons, input filters,
and choosing a new password (an admin for an account, or its owner through an emailed link)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..accounts.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


def strip(value):
    """A WTForms filter: surrounding white space is never part of a value."""
    return value.strip() if isinstance(value, str) else value


def new_password_field(label: str) -> PasswordField:
    """A password someone chooses (an admin for an account, or its owner through a link):
    the accounts service's length rule, and a hint for password managers."""
    return PasswordField(
        label,
        validators=[
            DataRequired("Enter a password."),
            Length(
                MIN_PASSWORD_LENGTH,
                MAX_PASSWORD_LENGTH,
                f"Use at least {MIN_PASSWORD_LENGTH} characters.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class NewPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = new_password_field("New password")
    confirm = PasswordField(
        "Repeat the new password",
        validators=[EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")


class ButtonForm(FlaskForm):
    """No fields: only the CSRF token, for buttons that change something."""
