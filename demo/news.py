"""Demonstration news for ``seed_demo`` (to be written)."""


def seed_news(stdout):
    """Idempotent: creates only what is missing."""
