"""Tests of shop.accounts: users, passwords, roles, session tokens, sign-in throttling."""
