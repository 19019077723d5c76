"""The grounds for refusal of law 31-13 as editable defaults (``REFUSAL_GROUNDS`` in law.py), for
the data migration, ``seed_demo`` and the tests' site: they only fill an empty list."""

from information.law import REFUSAL_GROUNDS
from participation.commune_defaults import create_terms


def create_refusal_grounds(locale_model, ground_model):
    """Create the grounds where missing, with their article (idempotent)."""
    create_terms(locale_model, ground_model, [names for *names, _article in REFUSAL_GROUNDS])
    for slug, *_names, article in REFUSAL_GROUNDS:
        ground_model.objects.filter(slug=slug, article="").update(article=article)
