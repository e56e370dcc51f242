"""Referral intake: partners hand over a case, coordinators route it to a programme."""
