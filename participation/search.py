"""Search residents' content in the languages they write in.

PostgreSQL: full text with the "simple" configuration (no stemming: content mixes Arabic, French
and English), ranked with the first fields weighing more. SQLite (the embedded install): every
word must appear in one of the fields.
"""

from django.db import connection
from django.db.models import Q


def full_text(queryset, text, fields):
    """Filter and rank ``queryset`` by ``text``; ``fields`` are ``(name, weight)`` pairs, weight
    "A" to "D"."""
    text = text.strip()[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vectors = [SearchVector(name, weight=weight, config="simple") for name, weight in fields]
        vector = vectors[0]
        for other in vectors[1:]:
            vector += other
        query = SearchQuery(text, search_type="websearch", config="simple")
        return (
            queryset.annotate(search_rank=SearchRank(vector, query))
            .filter(search_rank__gt=0)
            .order_by("-search_rank", "-pk")
        )
    condition = Q()
    for word in text.split():
        matches = Q()
        for name, _weight in fields:
            matches |= Q(**{f"{name}__icontains": word})
        condition &= matches
    return queryset.filter(condition)
