"""Demonstration procedures for ``seed_demo`` (to be written)."""


def seed_procedures(stdout):
    """Idempotent: creates only what is missing."""
