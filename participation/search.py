"""Search residents' content in the languages they write in.

Both sides are folded (participation/arabic.py): the fields by ``sharik_fold`` in the database,
the words typed by ``fold_query``, so "شهادة السكني" finds "شهادة السكنى" and "eclairage" finds
"Éclairage public", as the site search does. ``sharik_fold`` is ``fold_arabic`` itself on SQLite
(a function of the connection) and the same folding written in SQL on PostgreSQL, (re)created
from arabic.py's tables by every ``migrate``; a test holds the two to the same results.

PostgreSQL: full text with the "simple" configuration (no stemming: content mixes Arabic, French
and English), ranked with the first fields weighing more. SQLite (the embedded install): every
word must appear in one of the fields.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, connections
from django.db.models import F, Func, Q, TextField

from participation import arabic

FOLD = "sharik_fold"


class Folded(Func):
    """``fold_arabic`` of a text column, in the database (``FOLD``)."""

    function = FOLD
    output_field = TextField()


def full_text(queryset, text, fields):
    """Filter and rank ``queryset`` by ``text``; ``fields`` are ``(name, weight)`` pairs, weight
    "A" to "D"."""
    text = arabic.fold_query(text.strip()[:200])
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vectors = [
            SearchVector(Folded(F(name)), weight=weight, config="simple") for name, weight in fields
        ]
        vector = vectors[0]
        for other in vectors[1:]:
            vector += other
        query = SearchQuery(text, search_type="plain", config="simple")
        # Matching (every word) is the vector's @@ the query; the rank only orders what matched:
        # ts_rank gives a partial match a rank above zero too.
        return (
            queryset.annotate(search_vector=vector, search_rank=SearchRank(vector, query))
            .filter(search_vector=query)
            .order_by("-search_rank", "-pk")
        )
    folded = {f"_folded_{name}": Folded(F(name)) for name, _weight in fields}
    condition = Q()
    for word in text.split():
        matches = Q()
        for name in folded:
            matches |= Q(**{f"{name}__contains": word})
        condition &= matches
    return queryset.alias(**folded).filter(condition)


def install_fold(sender=None, connection=None, **kwargs):
    """Give an SQLite connection ``FOLD`` (``connection_created``): ``fold_arabic`` itself."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD, 1, arabic.fold_arabic, deterministic=True)


def create_fold_function(using="default", **kwargs):
    """(Re)create ``FOLD`` in PostgreSQL from arabic.py's tables (``post_migrate``): the marks
    taken out, lower case, the letters folded, the Latin accents taken out, the words one space
    apart without their article (``fold_arabic``, step by step)."""
    database = connections[using]
    if database.vendor != "postgresql":
        return
    single = {letter: into for letter, into in arabic.LETTERS.items() if len(into) == 1}
    several = {letter: into for letter, into in arabic.LETTERS.items() if len(into) > 1}
    several |= {letter.upper(): into for letter, into in several.items()}
    # A function's body is text: its literals are quoted into it, not bound.
    text = f"regexp_replace(coalesce(value, ''), {_quoted(arabic.MARKS)}, '', 'g')"
    text = (
        f"translate(lower({text}), {_quoted(''.join(single))}, {_quoted(''.join(single.values()))})"
    )
    for letter, letters in several.items():
        text = f"replace({text}, {_quoted(letter)}, {_quoted(letters)})"
    text = f"regexp_replace(normalize({text}, NFD), {_quoted(arabic.LATIN_ACCENTS)}, '', 'g')"
    text = f"regexp_replace(normalize({text}, NFC), {_quoted(WHITESPACE + '+')}, ' ', 'g')"
    article = f"({'|'.join(arabic.ARTICLES)})([^ ]{{{arabic.STEM_LETTERS},}})"
    text = f"btrim(regexp_replace(' ' || btrim({text}), {_quoted(' ' + article)}, ' \\2', 'g'))"
    with database.cursor() as cursor:
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FOLD}(value text) RETURNS text "
            f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fold$ SELECT {text} $fold$"
        )


# What Python's ``str.split()`` splits on (``str.isspace``), which PostgreSQL's ``\s`` is not: the
# no-break spaces of French typography among them.
WHITESPACE = "[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def _quoted(text):
    return "'" + text.replace("'", "''") + "'"
