"""The accounts domain: staff users, roles, password hashing, revocable session tokens, and the
signed links emailed for invitations and password resets."""
