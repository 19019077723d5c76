"""News of the commune: articles under the news index of each language.

A ``NewsPage`` says what happened or will happen (title, date, summary, body, a photo described
for people who cannot see it), where (arrondissements) and what it concerns: consultations,
projects of the action plan and events. The pages it links are those of the default language,
as for the arrondissements; readers are shown their translation in their own language. When an
article is first published, the followers of what it concerns are told (news/services.py).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import DescribedImage
from participation.arabic import SearchableText
from participation.models import Arrondissement

# The renditions of an article's photo on a card (news/templates/news/_card.html asks for
# exactly these, so that lists prefetch them in one query).
CARD_RENDITIONS = ("fill-400x225", "fill-800x450")

IN_DEFAULT_LANGUAGE = {"locale__language_code": settings.LANGUAGE_CODE}


class NewsIndexPage(Page):
    """Lists the news of one language, latest first."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_context(self, request, *args, **kwargs):
        from news.views import news_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing(request, self))
        return context


class NewsPageQuerySet(PageQuerySet):
    """What lists of news (the index, the feeds, the home page) share."""

    def published(self):
        """Live and readable by everyone: an article kept behind a password or a group stays
        out of lists and feeds."""
        return self.live().public()

    def latest_first(self):
        return self.order_by("-date", "-pk")

    def for_cards(self):
        """With the photo and the renditions a card shows, whatever the number of articles."""
        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
        )
        return self.select_related("image").prefetch_related(
            Prefetch("image__renditions", queryset=renditions)
        )

    def in_language(self, language_code):
        return self.filter(locale__language_code=language_code)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(SearchableText, DescribedImage, Page):
    """One news article."""

    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date readers see; news are listed by it, latest first."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three sentences, shown in lists, on the home page and in the feeds."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=NewsPageTag, blank=True)
    arrondissements = ParentalManyToManyField(
        Arrondissement,
        verbose_name=_("arrondissements concerned"),
        blank=True,
        related_name="+",
        limit_choices_to=IN_DEFAULT_LANGUAGE,
        help_text=_("Leave empty when the whole commune is concerned."),
    )
    related_consultations = ParentalManyToManyField(
        "consultations.ConsultationPage",
        verbose_name=_("consultations"),
        blank=True,
        related_name="news_articles",
        limit_choices_to=IN_DEFAULT_LANGUAGE,
    )
    related_projects = ParentalManyToManyField(
        "plan.ProjectPage",
        verbose_name=_("projects of the action plan"),
        blank=True,
        related_name="news_articles",
        limit_choices_to=IN_DEFAULT_LANGUAGE,
    )
    related_events = ParentalManyToManyField(
        "events.EventPage",
        verbose_name=_("events"),
        blank=True,
        related_name="news_articles",
        limit_choices_to=IN_DEFAULT_LANGUAGE,
    )

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("arrondissements", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("related_consultations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_projects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_events", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What the article is about"),
            help_text=_(
                "Their followers are told when the article is first published. Choose the "
                "pages in Arabic: readers see them in their language."
            ),
        ),
    ]
    # The folded copy (``search_text``) lets "شهادة السكنى" find "شهادة السكني".
    searchable_fields = ("title", "summary", "body_text")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_text"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def clean(self):
        super().clean()
        if errors := self.image_description_errors():
            raise ValidationError(errors)

    def body_text(self):
        """The words of the body without its markup, and without rendering it (rendering would
        make the renditions of its images just to index them)."""
        return " ".join(self._meta.get_field("body").get_searchable_content(self.body))

    def get_context(self, request, *args, **kwargs):
        from news.views import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(request, self))
        return context
