"""Search residents' content in the languages they write in.

PostgreSQL: full text with the "simple" configuration (no stemming: content mixes Arabic, French
and English), ranked with the first fields weighing more. SQLite (the embedded install): every
word must appear in one of the fields.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q


def full_text(queryset, text, fields):
    """Filter and rank ``queryset`` by ``text``; ``fields`` are ``(name, weight)`` pairs, weight
    "A" to "D"."""
    text = text.strip()[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vectors = [SearchVector(name, weight=weight, config="simple") for name, weight in fields]
        vector = vectors[0]
        for other in vectors[1:]:
            vector += other
        query = SearchQuery(text, search_type="websearch", config="simple")
        # Matching (every word) is the vector's @@ the query; the rank only orders what matched:
        # ts_rank gives a partial match a rank above zero too.
        return (
            queryset.annotate(search_vector=vector, search_rank=SearchRank(vector, query))
            .filter(search_vector=query)
            .order_by("-search_rank", "-pk")
        )
    condition = Q()
    for word in text.split():
        matches = Q()
        for name, _weight in fields:
            matches |= Q(**{f"{name}__icontains": word})
        condition &= matches
    return queryset.filter(condition)
