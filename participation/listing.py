"""A public list residents filter, sort, search and page through (proposals, petitions…).

Every choice is in the query string (``?category=parks&sort=newest&q=lighting&page=2``), so a
filtered list is a link to share; a parameter the list does not know, or a value it does not
accept, is ignored rather than refused. The list page renders its form with
``templates/includes/list_filters.html`` and its pages with ``includes/pagination.html``.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.core.paginator import Paginator

from participation.search import full_text


@dataclass(frozen=True)
class Filter:
    """One filter, read from the query-string parameter ``name``.

    The value goes to the queryset lookup ``lookup`` (``category__slug``), or to
    ``apply(queryset, value)`` when one lookup is not enough. Only ``values`` are accepted when
    given, any non-empty value otherwise. A filter with a ``label`` is a select of the list's form
    (the view gives its options); one without (a tag followed from a card) travels hidden.
    """

    name: str
    lookup: str = ""
    values: Collection | None = None
    apply: Callable | None = None
    label: str = ""

    def accepts(self, value):
        return bool(value) and (self.values is None or value in self.values)

    def narrow(self, queryset, value):
        if self.apply is not None:
            return self.apply(queryset, value)
        return queryset.filter(**{self.lookup: value})


@dataclass(frozen=True)
class Sort:
    """One order of the list: its ``label`` in the form and its ``ordering``. ``prepare``
    (queryset → queryset) runs first, to annotate what the order reads or to keep only what the
    order is about (closing soon: only what is still open)."""

    label: str
    ordering: tuple
    prepare: Callable | None = None


class Listing:
    """The filters, sorts and searched fields of one list. ``filters`` apply in their order;
    ``sorts`` maps each value of ``?sort=`` to its ``Sort``, in the order the form offers them;
    ``search_fields`` are ``(field, weight)`` pairs for participation/search.py."""

    def __init__(self, *, filters, sorts, default_sort, search_fields, per_page=20):
        self.filters = tuple(filters)
        self.sorts = dict(sorts)
        self.default_sort = default_sort
        self.search_fields = list(search_fields)
        self.per_page = per_page

    def apply(self, queryset, params):
        """``(queryset, chosen, sort)``: ``queryset`` filtered, ordered and searched as
        ``params`` (a request's GET) ask; ``chosen``, the filters and search that applied, by
        parameter; ``sort``, the sort that applied."""
        chosen = {}
        for one in self.filters:
            value = params.get(one.name)
            if one.accepts(value):
                queryset = one.narrow(queryset, value)
                chosen[one.name] = value
        sort = params.get("sort") if params.get("sort") in self.sorts else self.default_sort
        if self.sorts[sort].prepare is not None:
            queryset = self.sorts[sort].prepare(queryset)
        queryset = queryset.order_by(*self.sorts[sort].ordering)
        if params.get("q"):
            # Searching last: on PostgreSQL the best matches come first, whatever the sort.
            queryset = full_text(queryset, params["q"], self.search_fields)
            chosen["q"] = params["q"]
        return queryset, chosen, sort

    def page(self, queryset, params):
        """The page ``?page=`` asks for; the last one if it is past the end."""
        return Paginator(queryset, self.per_page).get_page(params.get("page"))

    def context(self, params, page, chosen, sort, options):
        """What list_filters.html and pagination.html read. ``options`` gives the
        ``(value, label)`` pairs of each labelled filter, by parameter."""
        query = params.copy()
        query.pop("page", None)
        return {
            "page": page,
            "filters": chosen,
            "sort": sort,
            "sorts": {value: one.label for value, one in self.sorts.items()},
            "query_string": query.urlencode(),
            "selects": [
                {
                    "name": one.name,
                    "label": one.label,
                    "options": options[one.name],
                    "selected": chosen.get(one.name),
                }
                for one in self.filters
                if one.label
            ],
        }
