"""The accounts domain: staff users, roles, password hashing and revocable session tokens."""
