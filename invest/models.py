"""Invest in Salé: the commune's territorial marketing and its investors' contact desk.

An ``InvestIndexPage`` (one under each language's home page) presents the commune to investors
with key figures, each with its source and date, and lists its ``InvestAssetPage`` children
grouped by kind: economic zones, the heritage of the old medina, infrastructure. Investors write
to the commune through a contact form (invest/views.py) about an ``InvestmentTopic``; each topic
names the department that handles it and the staff who receive its messages. An
``InvestorMessage`` is personal data (law 09-08): only the investor desk and the topic's staff
read it, in the admin, and it is deleted after ``MESSAGE_RETENTION_DAYS``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import DescribedImage
from invest.blocks import KeyFactBlock, KeyFigureBlock
from participation.arabic import SearchableText
from participation.models import Arrondissement, TranslatedTerm
from participation.workflow import Workflow

# The investor's message, in characters.
MESSAGE_MIN_LENGTH = 20
MESSAGE_MAX_LENGTH = 3000
# Law 09-08, art. 3 (1 e): personal data are kept no longer than their purpose needs. A contact
# between an investor and the commune is followed for two years; the notice on the form says so.
MESSAGE_RETENTION_DAYS = 730
# The version of the data-protection notice the investor agreed to (contact.html): change it
# whenever that notice changes, so each message records which text was consented to.
CONSENT_NOTICE_VERSION = "invest-2026-1"
# Addresses under the index that are the contact desk's, not pages (invest/urls.py).
RESERVED_SLUGS = {"contact"}


def _body_text(body):
    """The words of a body StreamField, without rendering it (rendering would make image
    renditions each time the page is indexed)."""
    parts = []
    for block in body or []:
        value = block.value
        if block.block_type == "heading":
            parts.append(value["text"])
        elif block.block_type == "paragraph":
            parts.append(value.source)
        elif block.block_type == "quote":
            parts.append(str(value))
        elif block.block_type == "question_answer":
            parts.extend([value["question"], value["answer"].source])
    return " ".join(parts)


class InvestIndexPage(SearchableText, Page):
    """The commune for investors in one language: why Salé, its key figures with their
    sources, and its assets by kind."""

    introduction = models.TextField(_("introduction"), max_length=800, blank=True)
    key_figures = StreamField(
        [("figure", KeyFigureBlock())],
        verbose_name=_("key figures"),
        blank=True,
        max_num=8,
        help_text=_("Every figure names its source and date, so investors can check it."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("key_figures"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["invest.InvestAssetPage"]
    max_count_per_parent = 1

    searchable_fields = ("title", "introduction", "searchable_body")
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("search_text"),
    ]

    class Meta:
        verbose_name = _("invest index")
        verbose_name_plural = _("invest indexes")

    def searchable_body(self):
        return _body_text(self.body)

    def get_context(self, request, *args, **kwargs):
        from invest.views import asset_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(asset_listing(request, self))
        return context


class AssetKind(models.TextChoices):
    ECONOMIC_ZONE = "economic_zone", _("Economic zone")
    HERITAGE = "heritage", _("Heritage of the old medina")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    OTHER = "other", _("Other")


class InvestAssetPage(SearchableText, DescribedImage, Page):
    """One asset of the commune an investor may build on: a zone, a heritage site, a piece of
    infrastructure."""

    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices)
    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    key_facts = StreamField(
        [("fact", KeyFactBlock())], verbose_name=_("key facts"), blank=True, max_num=12
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("key_facts"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("arrondissement"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
    ]
    parent_page_types = ["invest.InvestIndexPage"]
    subpage_types = []

    searchable_fields = ("title", "summary", "searchable_body", "searchable_facts")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_text"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("invest asset")
        verbose_name_plural = _("invest assets")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="invest_asset_located_on_earth_or_not_at_all",
            ),
        ]

    def clean(self):
        super().clean()
        errors = self.image_description_errors()
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both the latitude and the longitude, or neither."
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("A latitude lies between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("A longitude lies between -180 and 180.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is taken by the contact form; choose another.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_located(self):
        return self.latitude is not None and self.longitude is not None

    def searchable_body(self):
        return _body_text(self.body)

    def searchable_facts(self):
        return " ".join(f"{fact.value['label']} {fact.value['value']}" for fact in self.key_facts)

    def get_context(self, request, *args, **kwargs):
        from invest.views import asset_context

        context = super().get_context(request, *args, **kwargs)
        context.update(asset_context(request, self))
        return context


class InvestmentTopic(TranslatedTerm):
    """What an investor writes about, and the department that handles it.

    The name and the department's name are translated like every term (one row per language);
    the staff who receive its messages and the department's address may be set on any of its
    languages: a message goes to all of them (``recipients()``)."""

    department = models.CharField(
        _("department"), max_length=160, help_text=_("The department that handles this topic.")
    )
    department_email = models.EmailField(
        _("department's email address"),
        blank=True,
        help_text=_("Receives a copy of every message on this topic."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff who receive its messages"),
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="investment_topics",
        help_text=_(
            "They are emailed each message and may answer it in the admin (“Invest in Salé”)."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
        FieldPanel("department"),
        FieldPanel("department_email"),
        FieldPanel("staff"),
    ]

    class Meta(TranslatedTerm.Meta):
        verbose_name = _("investment topic")
        verbose_name_plural = _("investment topics")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="investment_topic_unique_slug_per_locale"
            ),
        ]

    def translations_of_this_topic(self):
        return type(self).objects.filter(translation_key=self.translation_key)


class MessageStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("investor message", "New")
    ANSWERED = "answered", pgettext_lazy("investor message", "Answered")
    CLOSED = "closed", pgettext_lazy("investor message", "Closed")


# The moves of a message, each taken by the staff who handle it (invest/services.py).
WORKFLOW = Workflow(
    MessageStatus,
    {
        MessageStatus.NEW: {MessageStatus.ANSWERED: "staff", MessageStatus.CLOSED: "staff"},
        MessageStatus.ANSWERED: {MessageStatus.CLOSED: "staff"},
        MessageStatus.CLOSED: {},
    },
    name="invest.message",
    refusal=_("This message is “%(old)s”: it cannot become “%(new)s”."),
)


class InvestorMessageQuerySet(models.QuerySet):
    def handled_by(self, user):
        """The messages ``user`` may read: all of them for the investor desk (the permission
        ``invest.answer_investormessage``), those of their topics for a topic's staff."""
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return self.none()
        if user.has_perm("invest.answer_investormessage"):
            return self
        topics = InvestmentTopic.objects.filter(staff=user).values("translation_key")
        return self.filter(topic__translation_key__in=topics)


class InvestorMessage(models.Model):
    """An investor's message to the commune, sent from the contact form, and its answer.

    Its states are ``MessageStatus``: new, then answered (from the admin, the answer emailed to
    the investor) or closed without an answer (a duplicate, an advert); an answered message may
    be closed too. invest/services.py moves it and records who and when."""

    shown_on_pages = False  # participation/pagecache.py: a message ends no cached page

    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(
        pgettext_lazy("investor", "company or organisation"), max_length=200, blank=True
    )
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    topic = models.ForeignKey(
        InvestmentTopic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="messages",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    asset = models.ForeignKey(
        InvestAssetPage,
        verbose_name=_("asset concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    consent_notice = models.CharField(
        _("data-protection notice agreed to"), max_length=30, editable=False
    )
    # The form's one-time key: the same form sent twice records one message.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.NEW
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = InvestorMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("investor message")
        verbose_name_plural = _("investor messages")
        permissions = [("answer_investormessage", "Can read and answer investor messages")]
        indexes = [models.Index(fields=["status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values), name="investor_message_status"
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("message"), MESSAGE_MIN_LENGTH)
                & LessThanOrEqual(Length("message"), MESSAGE_MAX_LENGTH),
                name="investor_message_length",
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.ANSWERED)
                | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="investor_message_answered_has_its_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.CLOSED) | Q(closed_at__isnull=False),
                name="investor_message_closed_has_its_date",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.topic}"
