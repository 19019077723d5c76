"""Announcements: a message staff write once (in Arabic, and French, Amazigh, English when they
have them) and send by email to an audience of residents who opted in; one ``Delivery`` row per
recipient proves who was sent it, so that a worker killed mid-way and started again sends nobody
the same announcement twice (announcements/sending.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceKind(models.TextChoices):
    EVERYONE = "everyone", _("Every resident who opted in")
    ARRONDISSEMENT = "arrondissement", _("The residents of an arrondissement")
    AXIS = "axis", _("The followers of an axis of the action plan")
    TAG = "tag", _("The followers of content with a tag")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Announcement(models.Model):
    """One announcement and whom it goes to. Its texts are ``AnnouncementText`` rows, one per
    language. Draft → sending (once, by one conditional UPDATE: ``services.start_sending``) →
    sent (when the sending loop finds nobody left)."""

    # No public page shows an announcement: saving one leaves the page cache as it is.
    shown_on_pages = False

    audience = models.CharField(
        _("audience"), max_length=20, choices=AudienceKind.choices, default=AudienceKind.EVERYONE
    )
    arrondissement = models.ForeignKey(
        "participation.Arrondissement",
        verbose_name=_("arrondissement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    axis = models.ForeignKey(
        "plan.AxisPage",
        verbose_name=_("axis of the action plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tag = models.ForeignKey(
        "taggit.Tag",
        verbose_name=_("tag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sending_started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The audience's size when sending started (the progress screen's "of N").
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # The highest user id the sending loop has gone past (keyset pagination: each batch reads
    # the next ids above it, so memory stays constant whatever the audience).
    cursor = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("send_announcement", _("Can send announcements to residents by email")),
        ]

    def __str__(self):
        text = self.text_in(settings.LANGUAGE_CODE)
        return text.subject if text else f"#{self.pk}"

    @property
    def is_draft(self):
        return self.status == AnnouncementStatus.DRAFT

    def texts_by_language(self):
        """``{language code: AnnouncementText}`` (one query, or none when prefetched)."""
        return {text.language: text for text in self.texts.all()}

    def text_in(self, language):
        """The text in ``language``, or in Arabic (the default language) when it has none."""
        texts = self.texts_by_language()
        return texts.get(language) or texts.get(settings.LANGUAGE_CODE)


class AnnouncementText(models.Model):
    """An announcement's subject and body in one language: plain text, as staff typed it; the
    email's HTML part is made from it with everything escaped (announcements/emails.py)."""

    shown_on_pages = False

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("text"), max_length=10_000)

    class Meta:
        verbose_name = _("text of an announcement")
        verbose_name_plural = _("texts of announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "language"], name="announcement_text_once_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.language}: {self.subject}"


class DeliveryState(models.TextChoices):
    # Claimed by a sending run, which is sending it now, or was killed while it did: the
    # message may or may not have left. Never sent again (at most once: docs, "Announcements").
    SENDING = "sending", _("Being sent, or interrupted")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Refused by the mail server")


class Delivery(models.Model):
    """The announcement for one recipient. The row is written (the claim) *before* the message
    leaves, and the unique constraint lets only one run write it: nobody is sent an
    announcement twice, whatever runs at once or again."""

    shown_on_pages = False

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_deliveries"
    )
    state = models.CharField(max_length=10, choices=DeliveryState.choices)
    language = models.CharField(max_length=8)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery of an announcement")
        verbose_name_plural = _("deliveries of announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "recipient"], name="delivery_once_per_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.announcement_id} → {self.recipient_id}: {self.state}"
