"""The structured assessment guide."""
