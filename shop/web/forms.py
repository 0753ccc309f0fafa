"""Form pieces every web package uses: the CSRF-only form behind POST buttons, input filters."""

from __future__ import annotations

from flask_wtf import FlaskForm


def strip(value):
    """A WTForms filter: surrounding white space is never part of a value."""
    return value.strip() if isinstance(value, str) else value


class ButtonForm(FlaskForm):
    """No fields: only the CSRF token, for buttons that change something."""
