"""The Wagtail site: home page, standard pages and the site-wide links editors manage.

Pages are translated through Wagtail locales (ar is the source, fr and en translations), never
through per-language fields.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import (
    FieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock, LinkBlock
from participation import pagecache
from participation.arabic import SearchableText
from participation.hosts import ParticipationHost

# Features add their latest items to the home page through this Wagtail hook.
HOME_PAGE_CONTEXT_HOOK = "home_page_context"
# Features offer the home page's sections through this one: each registered function returns a
# mapping {kind: HomeSection}. The kinds are named here (editors choose among them); a kind no
# installed feature registers is skipped.
HOME_PAGE_SECTIONS_HOOK = "home_page_sections"

# (kind, what editors choose in the admin).
SECTION_KINDS = [
    ("open_consultations", _("Open consultations")),
    ("petitions_collecting", _("Petitions collecting signatures")),
    ("latest_proposals", _("Latest proposals")),
    ("plan_updates", _("Latest plan updates")),
    ("upcoming_events", _("Next meetings")),
]
# The heading residents read when the editor wrote none (each card says "open" or "open for
# signatures" itself).
SECTION_HEADINGS = {
    "open_consultations": _("Consultations"),
    "petitions_collecting": _("Petitions"),
    "latest_proposals": _("Latest proposals"),
    "plan_updates": _("Progress updates"),
    "upcoming_events": _("Next meetings"),
}
DEFAULT_SECTION_ITEMS = 3


@dataclass(frozen=True)
class HomeSection:
    """What a feature gives the home page for one kind of section.

    ``context(request, limit)`` returns the template variables of at most ``limit`` items, in a
    fixed number of queries whatever the data; ``template`` renders them (the list under the
    heading). The context may name ``more_url`` and ``more_label`` (a link to everything) and
    ``empty`` (True to leave the section out when it has nothing to show)."""

    context: object
    template: str


def default_sections():
    """The order new home pages start with (and existing ones received, migration 0003)."""
    return [
        {"type": "section", "value": {"kind": kind, "heading": "", "items": DEFAULT_SECTION_ITEMS}}
        for kind, _label in SECTION_KINDS
    ]


class HomeSectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=SECTION_KINDS, label=_("what to show"))
    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("heading"),
        help_text=_("Leave empty for the usual heading."),
    )
    items = blocks.IntegerBlock(
        default=DEFAULT_SECTION_ITEMS, min_value=1, max_value=12, label=_("number of items")
    )

    class Meta:
        icon = "list-ul"
        label = _("section")


def home_sections():
    """{kind: HomeSection} of every installed feature."""
    sections = {}
    for offer in hooks.get_hooks(HOME_PAGE_SECTIONS_HOOK):
        sections.update(offer())
    return sections


class HomePage(Page):
    """The front page of a language tree: what Sharik is and where to take part."""

    introduction = models.TextField(
        _("introduction"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences under the title."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    featured_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("featured links"),
        blank=True,
        max_num=6,
    )
    sections = StreamField(
        [("section", HomeSectionBlock())],
        verbose_name=_("sections"),
        blank=True,
        default=default_sections,
        help_text=_("What the page shows of the platform, in this order."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("sections"),
        FieldPanel("body"),
        FieldPanel("featured_links"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = len(settings.LANGUAGES)  # one home page per language

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        """The latest of each participation area, so the front page shows what is happening.

        The ``sections`` the editor ordered are rendered by the features that offer them
        (``home_page_sections`` hook, ``rendered_sections``); a feature may also add template
        variables through the ``home_page_context`` hook (the news). Both are registered in the
        features' ``wagtail_hooks.py``, so the site's pages depend on no feature."""
        # The same for every resident but their account menu (participation/pagecache.py).
        pagecache.share_with_residents(request)
        context = super().get_context(request, *args, **kwargs)
        for contribute in hooks.get_hooks(HOME_PAGE_CONTEXT_HOOK):
            context.update(contribute(request))
        context["home_sections"] = self.rendered_sections(request)
        return context

    def rendered_sections(self, request):
        """The sections in the editor's order, each rendered by its feature: a list of dicts
        (kind, heading, html, more_url, more_label). Kinds no installed feature offers, and
        sections that say they are empty, are left out."""
        offered = home_sections()
        rendered = []
        for number, block in enumerate(self.sections, start=1):
            kind = block.value["kind"]
            section = offered.get(kind)
            if section is None:
                continue
            context = section.context(request, block.value["items"] or DEFAULT_SECTION_ITEMS)
            if context.get("empty"):
                continue
            rendered.append(
                {
                    "kind": kind,
                    "id": f"home-section-{number}",
                    "heading": block.value["heading"] or SECTION_HEADINGS.get(kind, ""),
                    "html": render_to_string(section.template, context, request=request),
                    "more_url": context.get("more_url"),
                    "more_label": context.get("more_label"),
                }
            )
        return rendered


class StandardPage(SearchableText, ParticipationHost, Page):
    """A page of text: about, privacy notice, legal notice, how-to guides, news.

    Editors may open a discussion under it (the participation core's live thread).
    """

    remembered_with_tree = True  # a page of the tree: participation/hosts.py

    introduction = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    comments_enabled = models.BooleanField(
        _("open a discussion under this page"),
        default=False,
        help_text=_("Residents comment and reply; moderators can hide comments."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_enabled")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]
    searchable_fields = ("title", "introduction", "body")
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def comments_are_open(self):
        return self.comments_enabled

    def participation_title(self):
        return self.title


class DescribedImage(models.Model):
    """A page's image with its description for people who cannot see it (news, the commune's
    assets): required whenever there is an image, as screen readers read it in its place."""

    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("text alternative of the image"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )

    class Meta:
        abstract = True

    def image_description_errors(self):
        """The error for ``clean()`` when an image has no description (a dict, empty if none)."""
        if self.image_id and not self.image_alt.strip():
            return {
                "image_alt": _(
                    "Describe the image for people who cannot see it: screen readers read this "
                    "text in its place."
                )
            }
        return {}


@register_setting(icon="link")
class SiteLinks(BaseSiteSetting):
    """Pages the footer of every page links to. Editors choose them; translations are followed."""

    privacy_page = models.ForeignKey(
        Page,
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_notice_page = models.ForeignKey(
        Page,
        verbose_name=_("legal notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact address"), blank=True)

    panels = [
        PageChooserPanel("privacy_page"),
        PageChooserPanel("legal_notice_page"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("site links")
