"""The sign-in form, and the forms of password resets and invitations."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..accounts.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from ..web.forms import strip


class LoginForm(FlaskForm):
    email = StringField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        filters=[strip],
        render_kw={"autocomplete": "username", "inputmode": "email", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField("Sign in")


class PasswordResetRequestForm(FlaskForm):
    # Deliberately no check of the address's form: any address gets the same answer.
    email = StringField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        filters=[strip],
        render_kw={"autocomplete": "username", "inputmode": "email", "spellcheck": "false"},
    )
    submit = SubmitField("Send reset link")


class NewPasswordForm(FlaskForm):
    """Choosing a password through an emailed link (a reset or an invitation)."""

    password = PasswordField(
        "New password",
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
    confirm = PasswordField(
        "Repeat the new password",
        validators=[EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")
