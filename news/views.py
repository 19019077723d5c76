"""News for readers: the index (latest first, filtered by tag, arrondissement and what the
articles concern) and what an article shows besides its own fields (its tags, arrondissements
and the pages it concerns, in the reader's language)."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page

from news.models import NewsPage
from participation.models import Arrondissement

PER_PAGE = 12

# ``?about=…``: the kind of page an article concerns, and the field that links it.
RELATED_KINDS = {
    "consultation": ("related_consultations", _("Consultations")),
    "project": ("related_projects", _("Projects of the action plan")),
    "event": ("related_events", _("Events")),
}


def _concerning(kind):
    """A condition: the article links at least one page of ``kind`` (a subquery, so that an
    article linking three events is listed once)."""
    field = NewsPage._meta.get_field(RELATED_KINDS[kind][0])
    links = field.remote_field.through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")})
    return Exists(links)


def news_listing(request, index):
    """Context of the news index: its live articles latest first, 12 a page, filtered by
    ``tag`` (a slug), ``arrondissement`` and ``about`` (consultation, project or event)."""
    news = NewsPage.objects.child_of(index).published()
    filters = {}
    tag = request.GET.get("tag", "")
    tag_name = ""
    if tag:
        tag_name = Tag.objects.filter(slug=tag).values_list("name", flat=True).first()
        if tag_name:
            news = news.filter(tags__slug=tag)
            filters["tag"] = tag
    arrondissement = request.GET.get("arrondissement", "")
    if arrondissement:
        news = news.filter(arrondissements__slug=arrondissement)
        filters["arrondissement"] = arrondissement
    about = request.GET.get("about", "")
    if about in RELATED_KINDS:
        news = news.filter(_concerning(about))
        filters["about"] = about
    page = Paginator(news.latest_first().for_cards(), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    names = Arrondissement.objects.names_in()
    return {
        "news": page,
        "filters": filters,
        "tag_name": tag_name or "",
        "query_string": query.urlencode(),
        "arrondissements": Arrondissement.objects.slug_choices(names),
        "related_kinds": [(kind, label) for kind, (_field, label) in RELATED_KINDS.items()],
    }


def related_pages(article):
    """``[(label, pages)]``: the live consultations, projects and events ``article`` concerns,
    each in the article's language when translated (else as linked), by kind."""
    linked = {
        kind: [page for page in getattr(article, field).all() if page.live]
        for kind, (field, _label) in RELATED_KINDS.items()
    }
    keys = [page.translation_key for pages in linked.values() for page in pages]
    translations = {}
    if keys:
        translations = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                translation_key__in=keys, locale_id=article.locale_id
            )
        }
    groups = []
    for kind, (_field, label) in RELATED_KINDS.items():
        pages = [translations.get(page.translation_key, page) for page in linked[kind]]
        if pages:
            groups.append((label, sorted(pages, key=lambda page: page.title)))
    return groups


def article_context(request, article):
    """What the article page shows besides the article's own fields."""
    names = Arrondissement.objects.names_in()
    return {
        "news_index": article.get_parent(),
        "tags": list(article.tags.all()),
        "arrondissement_names": [
            names.get(arrondissement.translation_key, arrondissement.name)
            for arrondissement in article.arrondissements.all()
        ],
        "related": related_pages(article),
    }
