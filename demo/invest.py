"""Demonstration invest for ``seed_demo`` (to be written)."""


def seed_invest(stdout):
    """Idempotent: creates only what is missing."""
