"""Anonymised statistics of the referral intake."""
