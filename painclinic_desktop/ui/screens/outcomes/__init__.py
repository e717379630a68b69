"""Outcome measures on the client record: trend charts and a table of the same numbers."""
