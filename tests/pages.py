"""Many Wagtail pages in a few queries, for the tests that pin a listing's query count with a
thousand items (``add_child`` costs a dozen queries a page).

The pages are published children of ``parent`` in its locale, each its own translation group;
the search index is not updated (the listing tests do not search them)."""

import uuid

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page


def add_published_children(parent, pages):
    """Saves ``pages`` (unsaved instances of one specific page type, with title and slug) as
    the last children of ``parent``; returns them."""
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(type(pages[0]))
    base_fields = [field.attname for field in Page._meta.concrete_fields if field.attname != "id"]
    bases = []
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.content_type = content_type
        page.translation_key = uuid.uuid4()
        bases.append(Page(**{name: getattr(page, name) for name in base_fields}))
    Page.objects.bulk_create(bases)
    for base, page in zip(bases, pages, strict=True):
        page.page_ptr_id = page.pk = base.pk
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages
