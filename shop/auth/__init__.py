"""WEB: the staff sign-in and sign-out pages (sessions live in shop/web/sessions.py, the
sign-in throttle in shop/accounts/throttle.py)."""
