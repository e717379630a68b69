"""Accounts in the app (admin): list, add, change role, reset, switch off, recovery key."""
