"""The sign-in form, and the forms of password resets and invitations."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

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
