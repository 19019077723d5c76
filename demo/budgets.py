"""Demonstration participatory budgets for ``seed_demo`` (to be written)."""


def seed_budgets(stdout):
    """Idempotent: creates only what is missing."""
