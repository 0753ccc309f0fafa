"""The sign-in form."""

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
