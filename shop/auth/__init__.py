"""WEB: staff sign-in and sign-out, session lifetimes and sign-in throttling."""
