"""Rotation of the data keys over the encrypted columns every domain declares."""
