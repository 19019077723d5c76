"""The shared participation core: accounts, arrondissements, comments, follows, notifications,
reports and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

from participation.equality import Gender
from participation.national_id import cin_digest, decrypt_cin, encrypt_cin, mask_cin
from participation.pagecache import remembered
from participation.validators import refuse_bidi_controls


class TranslatedTermQuerySet(models.QuerySet):
    def canonical(self):
        """One row per term: the default-locale rows, which other models reference."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def names_in(self, language_code=None):
        """Map each term's translation key to its name in a language, in one query, remembered
        per generation of public content when asked of all the terms (a renamed term is saved,
        which ends it).

        Falls back to the default-locale name where a translation is missing.
        """
        language_code = language_code or get_language() or settings.LANGUAGE_CODE
        if not self.query.where:
            return remembered(
                ("term-names", self.model._meta.label, language_code),
                lambda: self._names_in(language_code),
            )
        return self._names_in(language_code)

    def _names_in(self, language_code):
        names = {}
        rows = self.filter(
            locale__language_code__in={language_code, settings.LANGUAGE_CODE}
        ).values_list("translation_key", "locale__language_code", "name")
        for key, code, name in rows:
            if code == language_code or key not in names:
                names[key] = name
        return names

    def slug_choices(self, names=None):
        """``(slug, name in the reader's language)`` of each term, for a list's filter: the
        ``names`` of ``names_in()`` when the caller has them already, else one more query."""
        names = self.names_in() if names is None else names

        def choices():
            return [
                (term.slug, names.get(term.translation_key, term.name)) for term in self.canonical()
            ]

        if self.query.where:
            return choices()
        # All the terms: remembered per language and generation of public content, as names_in.
        language_code = get_language() or settings.LANGUAGE_CODE
        return remembered(("term-choices", self.model._meta.label, language_code), choices)


class TranslatedTerm(TranslatableMixin, models.Model):
    """A short list of named terms staff edit (arrondissements, proposal categories…).

    Names are translated through Wagtail locales (one row per language, sharing a translation
    key); other models point at the default-locale row (``canonical()``), and lists show names in
    the reader's language with ``names_in()`` in one query.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        allow_unicode=False,
        help_text=_("Used in addresses and filters; the same in every language."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TranslatedTermQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def localized_name(self):
        """The name in the active language (one query when not in the default language)."""
        language_code = get_language() or settings.LANGUAGE_CODE
        if self.locale.language_code == language_code:
            return self.name
        names = type(self).objects.names_in(language_code)
        return names.get(self.translation_key, self.name)


class Arrondissement(TranslatedTerm):
    """An arrondissement (مقاطعة) of the commune: Salé has five."""

    class Meta(TranslatedTerm.Meta):
        verbose_name = _("arrondissement")
        verbose_name_plural = _("arrondissements")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="arrondissement_unique_slug_per_locale"
            ),
        ]


class UserManager(DjangoUserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: resident, association representative or council staff.

    The public only ever sees ``display_name``; the email address is the login and stays private.
    """

    username = None
    # Empty (NULL, so still unique) for a resident whose account a counter agent opened without
    # an address (counters/): they cannot log in by password.
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        validators=[refuse_bidi_controls],
        help_text=_("Shown next to your contributions. It can be a first name or a nickname."),
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where you live or work in the commune, to show you what concerns you."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the site after you log in and of the emails we send you."),
    )

    # Declared only if the resident chooses to, for the equality figures
    # (participation/equality.py).
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)

    privacy_notice_accepted_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True, editable=False
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True, editable=False
    )

    # Set when the resident deleted their account (participation/account_deletion.py): the row
    # is then a blank stand-in ("deleted resident") for what the public record keeps.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self):
        if self.deleted_at is not None:
            return str(self.public_name)
        return self.display_name or self.email or ""

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def public_name(self):
        """The name shown next to the account's contributions: ``display_name``, or "deleted
        resident" once the account was deleted (participation/account_deletion.py)."""
        if self.deleted_at is not None:
            return _("deleted resident")
        return self.display_name

    def get_full_name(self):
        return self.display_name or super().get_full_name()

    def get_short_name(self):
        return self.display_name or self.email


# --- The participation core: comments, follows, notifications, reports, audit log -------------


class HostReference(models.Model):
    """Points at any ``ParticipationHost`` (a proposal, a petition, a page…)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    host = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class CommentQuerySet(models.QuerySet):
    def for_host(self, host):
        content_type = ContentType.objects.get_for_model(host, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=host.pk)

    def publicly_visible(self):
        return self.filter(hidden_at__isnull=True)


class Comment(HostReference):
    """A comment in a host's thread, or a reply to one (threads are two levels deep).

    Text only: the body is stored as typed and always rendered escaped, with links made
    clickable by the ``urlize`` filter in its template — no HTML from users is ever rendered.
    Deleting is soft (the thread stays readable, "comment deleted" in its place); hiding is a
    moderator's act with a reason the author is told.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(_("comment"), max_length=4000)
    is_official = models.BooleanField(
        _("official answer"),
        default=False,
        help_text=_("Written by council staff on behalf of the commune."),
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by its author at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    # The form's one-time key: a double click, a resubmitted page or a retry after a lost
    # answer posts the comment once (services.post_comment).
    submission = models.UUIDField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        permissions = [
            ("moderate_content", _("Can moderate residents' contributions and reports")),
            ("answer_officially", _("Can post official answers on behalf of the commune")),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "parent", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission"],
                condition=models.Q(submission__isnull=False),
                name="comment_once_per_submission",
            ),
        ]

    def __str__(self):
        return f"{self.author} — {self.body[:60]}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_reply(self):
        return self.parent_id is not None


class Follow(HostReference):
    """A resident follows a host: they are notified of its replies, status changes and answers.

    Indexed for its two reads: a host's followers (``follow_host``, what notifying reads) and a
    resident's follows (``follow_once_per_host`` starts with the resident); no index besides,
    since every signature and support writes a follow."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    automatic = models.BooleanField(
        default=False, help_text=_("Started because the resident contributed, not by a click.")
    )

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once_per_host"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_host")]

    def __str__(self):
        return f"{self.user} → {self.content_type.name} #{self.object_id}"


class Support(HostReference):
    """A resident supports a host that opts in (``ParticipationHost.supportable``): a budget
    project during its ideas phase, say. Once per resident and host, which the constraint
    guarantees under double clicks; the host keeps the visible count, recounted in the
    background (participation/supports.py).

    Proposals keep their own table (``proposals.Support``): their threshold, their "trending"
    sort and the write path measured in bench/writes.py read it directly."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports_given"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="support_once_per_host"
            ),
        ]

    def __str__(self):
        return f"{self.user} + {self.content_type.name} #{self.object_id}"


class NotificationCategory(models.TextChoices):
    REPLY = "reply", _("Replies to my comments")
    FOLLOWED_ACTIVITY = "followed", _("News of what I follow (status changes, official answers)")
    MODERATION = "moderation", _("Moderation of my contributions and of my reports")


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("By email, immediately")
    DAILY = "daily", _("By email, in a daily digest")
    NEVER = "never", _("Only on the site")


class Notification(models.Model):
    """One message to one resident, shown in their notification centre (and maybe emailed).

    The text is stored already written, in the recipient's language, so it reads the same on
    the site, in the email and in the digest, whatever happens to the object later.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField(max_length=20, choices=NotificationCategory.choices)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The news this tells of, when many are told it at once ("petition-event:42"): one
    # notification per resident and key, so a task run again notifies nobody twice.
    key = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            ),
        ]

    def __str__(self):
        return self.message


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=20, choices=NotificationCategory.choices)
    email_frequency = models.CharField(
        max_length=20, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATELY
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="notification_preference_once_per_category"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.category} → {self.email_frequency}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insults, harassment or hate")
    PERSONAL_DATA = "personal_data", _("Someone's personal information")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HIDDEN = "hidden", _("Content hidden")
    KEPT = "kept", _("Content kept")
    WARNED = "warned", _("Author warned")


class Report(HostReference):
    """A resident reports content (a comment, or any reportable object) to the moderators."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
        db_index=True,
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = models.CharField(_("moderator's note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["-created_at"]
        constraints = [
            # One open report per person per object: a double click files one report.
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=models.Q(status="open"),
                name="report_once_while_open",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} — {self.content_type.name} #{self.object_id}"


class AuditLogIsAppendOnly(Exception):
    """An audit log entry, once written, is never changed or deleted, not even by an
    administrator: the log is the council's proof of who did what."""


class AuditLogQuerySet(models.QuerySet):
    """Entries are only ever added: bulk changes and deletions are refused.

    Django's own cascades (a deleted account leaves its entries with no actor) go through the
    model's base manager, a plain one, so the law's account deletion still works."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("The audit log cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("The audit log cannot be changed.")


class AuditLogEntry(HostReference):
    """Who did what, when and why: every moderation and staff action on residents' content.

    Append-only (``AuditLogIsAppendOnly``): ``participation.services.audit()`` writes an entry,
    nothing changes or deletes one; the viewer (``participation/audit_log.py``) only reads."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("An audit log entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("An audit log entry cannot be deleted.")


class IdentityBasis(models.TextChoices):
    RESIDENCE = "residence", _("I live in the commune")
    ACTIVITY = "activity", _("I have an economic, commercial or professional activity in it")


class IdentityDeclaration(models.Model):
    """What a resident declares before signing petitions (organic law 113-14: signatories reside
    in the commune or exercise an activity there, and are on the electoral rolls — declared here,
    checked by staff). The CIN number is encrypted; its keyed digest makes it unique.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity"
    )
    full_name = models.CharField(_("full name, as on the national ID card"), max_length=150)
    cin_encrypted = models.TextField(editable=False)
    cin_digest = models.CharField(max_length=64, unique=True, editable=False)
    basis = models.CharField(
        _("link with the commune"), max_length=20, choices=IdentityBasis.choices
    )
    address = models.CharField(_("address in the commune"), max_length=300)
    activity = models.CharField(
        _("activity in the commune"),
        max_length=300,
        blank=True,
        help_text=_("Only if you do not live in the commune: your shop, trade or workplace."),
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_electoral_roll = models.BooleanField(_("registered on the electoral rolls"))
    declaration_version = models.CharField(max_length=20, editable=False)
    declared_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity declaration")
        verbose_name_plural = _("identity declarations")

    def __str__(self):
        return self.full_name  # never the CIN

    def __repr__(self):
        return f"<IdentityDeclaration user={self.user_id}>"

    def set_cin(self, value):
        self.cin_encrypted = encrypt_cin(value)
        self.cin_digest = cin_digest(value)

    @property
    def masked_cin(self):
        return mask_cin(decrypt_cin(self.cin_encrypted))


# --- Recounts queued ----------------------------------------------------------------------------


class QueuedRecount(models.Model):
    """A recount queued and not started (participation/tasks.py ``queue_recount``): at most one
    is queued per thing counted and ten-second window, so a burst of writes is counted in a few
    passes. In PostgreSQL, beside the writes: signing marks it in the signature's own statement,
    and no marker lives only in Redis. The recount deletes its markers as it starts counting; a
    marker whose task was lost (a process killed between the two) stops holding back new
    recounts when its window ends."""

    marker = models.CharField(max_length=120)
    time_window = models.BigIntegerField()  # seconds since the epoch // RECOUNT_WINDOW_SECONDS

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["marker", "time_window"], name="recount_queued_once")
        ]

    def __str__(self):
        return self.marker


# --- Private files --------------------------------------------------------------


def counter_marks(where):
    """The two fields that mark a record made for a resident at a commune's counter (counters/):
    the arrondissement office (``at_counter``, its ``verbose_name`` is ``where``: "signed at the
    counter of") and the agent who recorded it (``recorded_by``). Both empty for what a resident
    did online. ``at_counter, recorded_by = counter_marks(_("…"))`` in the model's body."""
    return (
        models.ForeignKey(
            Arrondissement,
            verbose_name=where,
            null=True,
            blank=True,
            on_delete=models.PROTECT,
            related_name="+",
        ),
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            verbose_name=_("recorded by"),
            null=True,
            blank=True,
            on_delete=models.SET_NULL,
            related_name="+",
        ),
    )


def private_storage():
    """Files only their owners and staff may read, served through permission checks."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


# --- One-time log-in codes -------------------------------------------------------


class LoginCode(models.Model):
    """A code a counter agent prints for a resident, who logs in with it once
    (participation/login_codes.py): the way in for an account opened at a counter without an
    email address or a password, or for a resident who forgot theirs.

    Only a keyed hash of the code is kept: the printed paper is its only copy."""

    # No page shows a code: issuing one leaves the cached pages as they are (pagecache.py).
    shown_on_pages = False

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="login_codes",
    )
    # HMAC-SHA256 of the code, keyed with SECRET_KEY (login_codes.digests): found by equality,
    # so no comparison of secrets leaks through its timing.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("log-in code")
        verbose_name_plural = _("log-in codes")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"  # never the code

    def __repr__(self):
        return f"<LoginCode user={self.user_id} used={self.used_at is not None}>"


# --- "Download my data" (law 09-08, right of access) -----------------------------------------


def data_export_path(instance, filename):
    """A random, unguessable name: the file is served only through the permission check, and
    its name says nothing of whose data it holds."""
    import secrets

    return f"data-exports/{secrets.token_urlsafe(32)}.zip"


class DataExport(models.Model):
    """A resident's copy of everything Sharik holds about them (participation/data_export.py),
    built in the background, downloadable by them alone until ``expires_at``; the file is then
    deleted (``manage.py delete_expired_data_exports``) and the row stays as the record of the
    request."""

    # No page shows an export: requesting one leaves the cached pages as they are.
    shown_on_pages = False

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    file = models.FileField(
        storage=private_storage, upload_to=data_export_path, blank=True, editable=False
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("last downloaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self):
        return self.ready_at is None

    def is_expired(self, now=None):
        from django.utils import timezone

        if self.ready_at is None:
            return False
        return not self.file or (
            self.expires_at is not None and self.expires_at <= (now or timezone.now())
        )


# --- Consents (law 09-08, art. 4): optional uses of a resident's data ---------------------------


class Consent(models.Model):
    """A resident's consent to one optional use of their data (``purpose``, registered by the
    feature that needs it: participation/consents.py), against the version of the text they
    read. History is kept: withdrawing sets ``withdrawn_at``, giving again makes a new row; at
    most one row per resident and purpose is current (not withdrawn)."""

    shown_on_pages = False

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=60)
    text_version = models.CharField(_("version of the text"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_current_per_purpose",
            ),
        ]
        indexes = [
            models.Index(
                fields=["purpose", "text_version"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_current_by_purpose",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.purpose} {self.text_version}"

    @property
    def is_current(self):
        return self.withdrawn_at is None
