"""Attempt counters kept in the database, so that every worker sees the same numbers:
failed sign-ins (accounts) and contact-form messages per address (messages)."""
