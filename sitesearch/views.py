"""The site search page: every kind's first results, or one kind's results page by page."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from participation.arabic import fold_query
from sitesearch.kinds import BY_KEY, KINDS

PER_KIND = 5
PER_PAGE = 20


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:200]
    folded = fold_query(query)
    chosen = BY_KEY.get(request.GET.get("kind", ""))
    locale = Locale.get_active()
    groups, page = [], None
    if folded:
        if chosen is not None:
            page = Paginator(chosen.search(folded, locale), PER_PAGE).get_page(
                request.GET.get("page")
            )
            results = [_shown(chosen, item, request) for item in page.object_list]
            groups.append({"kind": chosen, "results": results, "count": page.paginator.count})
        else:
            for kind in KINDS:
                results = kind.search(folded, locale)
                first = list(results[:PER_KIND])
                count = results.count() if len(first) == PER_KIND else len(first)
                if first:
                    results = [_shown(kind, item, request) for item in first]
                    groups.append({"kind": kind, "results": results, "count": count})
    return render(
        request,
        "sitesearch/results.html",
        {
            "query": query,
            "groups": groups,
            "chosen": chosen,
            "page": page,
            "total": sum(group["count"] for group in groups),
            "kinds": KINDS,
            "query_string": urlencode({"q": query, "kind": chosen.key}) if chosen else "",
        },
    )


def _shown(kind, item, request):
    """A result as the page lists it: title, address and a line of its text."""
    excerpt = strip_tags(str(getattr(item, kind.excerpt, "") or ""))
    return {
        "title": item.title,
        "url": item.get_url(request) if kind.is_page else item.get_absolute_url(),
        "excerpt": Truncator(" ".join(excerpt.split())).chars(220),
        "by_resident": not kind.is_page,
    }
