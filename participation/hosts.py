"""What a model declares to take part in the participation core.

A proposal, a petition, a consultation page or a plan project inherits ``ParticipationHost`` and
gets threaded comments, follows and abuse reports, without re-implementing any of them (one
implementation, many hosts: docs/architecture.md, "Hosts"). The core only talks to hosts through
these methods.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property

from participation.pagecache import remembered, remembered_copy


class ParticipationHost:
    """Mixin for models residents comment on, follow, report and (if they opt in) support."""

    # --- What the host decides ----------------------------------------------------------------
    def participation_is_visible_to(self, user):
        """May ``user`` read this object and its thread? Published content: everyone."""
        live = getattr(self, "live", True)
        return bool(live)

    def comments_are_open(self):
        """Are new comments accepted now (a closed debate phase stays readable)?"""
        return True

    def participation_title(self):
        return str(self)

    def record_comment_count(self, count):
        """Called after each change to the thread, with the visible count (to sort lists by)."""

    # Residents may support the host (once each) when it says so, while it says so; such a host
    # keeps the visible figure in ``support_count`` (``record_support_count`` sets it).
    supportable = False
    support_count = 0

    def supports_are_open(self):
        """Are supports accepted now? Only asked of supportable hosts."""
        return True

    def record_support_count(self, count):
        """Called by the background recount with the number of supports."""

    # Residents may report the host itself (a proposal, a petition) when it has an author.
    reportable = False

    # A host that is a page of Wagtail's tree, whose row changes only when the tree does (its
    # saves move the tree's generation on: participation/pagecache.py). ``get_host`` then reads
    # it once per generation of the tree, kept pickled: a page's row with its specific fields is
    # a join of many columns (2.7 ms of CPU per read, an eighth of posting a comment on it).
    remembered_with_tree = False

    def hide_after_report(self, moderator, reason):
        """Withdraw the host from public view after moderators upheld a report."""
        raise NotImplementedError

    def participation_url(self):
        if self.remembered_with_tree:  # a page: its URL asks Redis for the sites' roots
            return remembered(("host-url", type(self)._meta.label, self.pk), self._url, tree=True)
        return self._url()

    def _url(self):
        url = getattr(self, "url", None)
        return url if url is not None else self.get_absolute_url()

    # --- Helpers of the core -----------------------------------------------------------------
    @property
    def thread_key(self):
        """``"<content type id>.<primary key>"``: names the live group and the thread in URLs."""
        content_type = ContentType.objects.get_for_model(self, for_concrete_model=False)
        return f"{content_type.pk}.{self.pk}"


def get_host(content_type_id, object_id):
    """The host object behind a content type and id, or None if it is not a registered host."""
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
    except (ContentType.DoesNotExist, TypeError, ValueError):
        return None
    model = content_type.model_class()
    if model is None or not issubclass(model, ParticipationHost):
        return None
    if not model.remembered_with_tree:
        return _read_host(model, object_id)
    return remembered_copy(
        ("host", model._meta.label, str(object_id)),
        lambda: _read_host(model, object_id),
        tree=True,
    )


def _read_host(model, object_id):
    try:
        obj = model._default_manager.get(pk=object_id)
    except (model.DoesNotExist, TypeError, ValueError):
        return None
    specific = getattr(obj, "specific", obj)
    return specific if isinstance(specific, ParticipationHost) else None


def locked_host(content_type_id, object_id):
    """``get_host``, its row locked for the current transaction first (``SELECT … FOR UPDATE``):
    the recounts of a host's figures then run one after another, and the last one, queued after
    the last change's commit, writes the exact figure. None when there is no such host."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    if not model._default_manager.select_for_update().filter(pk=object_id).exists():
        return None
    return get_host(content_type_id, object_id)


class TranslatedPageHost(ParticipationHost):
    """A Wagtail page whose translations are one host: a consultation or a plan project exists
    in Arabic, French and English as pages sharing a translation key, and residents who comment,
    follow, answer or evaluate in any language take part in the same one.

    A page of the tree: remembered with it (``remembered_with_tree``).

    The first version created (the lowest id among the translations, usually the Arabic one) is
    *the* host: it owns the thread, the followers and what residents contribute; translations
    give the wording. The lowest id never changes, even if the Arabic page is created after the
    French one.
    """

    remembered_with_tree = True

    @cached_property
    def original(self):
        if not self.pk:
            return self
        model = type(self)
        # Remembered with the tree of pages: a translation created or deleted moves it on
        # (participation/pagecache.py).
        first_pk = remembered(
            ("first-translation", model._meta.label, self.translation_key),
            lambda: (
                model._default_manager.filter(translation_key=self.translation_key)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            ),
            tree=True,
        )
        if first_pk in (None, self.pk):
            return self
        original = model._default_manager.get(pk=first_pk)
        original.__dict__["original"] = original  # asking it again costs nothing
        return original

    @property
    def is_original(self):
        return self.original.pk == self.pk

    def in_language(self, language_code=None):
        """The live version of this page in ``language_code`` (the active one by default)."""
        from wagtail.models import Locale

        language_code = language_code or getattr(Locale.get_active(), "language_code", None)
        if self.locale.language_code == language_code:
            return self
        translation = (
            type(self)
            ._default_manager.live()
            .filter(translation_key=self.translation_key, locale__language_code=language_code)
            .first()
        )
        return translation or self

    def participation_title(self):
        return self.title

    def participation_url(self):
        """The thread's links lead to the version in the reader's language."""
        return self.in_language().url
