"""Notifications that are never lost: the outbox, e-mail and signed webhooks."""
