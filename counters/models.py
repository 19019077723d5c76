"""Assisted participation at the commune's counters (issue 17): who serves at which counter, the
resident's visit, the identity document seen, and what was done for them.

A counter is an arrondissement office: it is named by its arrondissement. Nothing here keeps a
copy of an identity document: the agent records that the card was *seen*; the CIN itself lives
only where the online path keeps it (``IdentityDeclaration``, encrypted, with its digest).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.counter_acts import counter_act
from participation.models import Arrondissement


class CounterAgent(models.Model):
    """A member of staff serving residents at one counter. The "Counter agents" group gives the
    permission (``serve_at_counter``); this row says where."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="counter_agent",
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("counter"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The arrondissement office where the agent serves residents."),
    )
    is_active = models.BooleanField(_("serving"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counter agent")
        verbose_name_plural = _("counter agents")
        permissions = [("serve_at_counter", "Can serve residents at a counter")]

    def __str__(self):
        return f"{self.user} @ {self.arrondissement}"


class AssistanceReason(models.TextChoices):
    NO_DEVICE = "no_device", _("No phone or computer")
    NO_EMAIL = "no_email", _("No email address")
    NEEDS_HELP = "needs_help", _("Asked for help with the site")
    READING = "reading", _("Difficulty reading or writing")


class ResidentContact(models.Model):
    """A telephone number a resident gave at a counter, so that an agent finds their file at the
    next visit. Never public, never used to send anything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counter_contact"
    )
    phone = models.CharField(_("telephone"), max_length=20, db_index=True)

    def __str__(self):
        return str(self.user)


class Visit(models.Model):
    """The resident's file for one visit at a counter: what the agent did for them that day, on
    one receipt."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="counter_visits",
    )
    arrondissement = models.ForeignKey(
        Arrondissement, verbose_name=_("counter"), on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(
        _("why the resident is served at the counter"),
        max_length=20,
        choices=AssistanceReason.choices,
        default=AssistanceReason.NO_DEVICE,
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    # The form's one-time key: a second sending of "open a file" returns the visit it opened.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("counter visit")
        verbose_name_plural = _("counter visits")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"{self.resident} @ {self.arrondissement} {self.opened_at:%Y-%m-%d}"


class DocumentKind(models.TextChoices):
    CIN = "cin", pgettext_lazy("identity document", "National ID card (CIN)")
    ELECTRONIC_CIN = "cnie", _("Electronic national ID card (CNIE)")


class IdentityCheck(models.Model):
    """The agent saw the resident's identity document: which kind, who, where, when. Never a scan,
    a photo or the number."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="identity_checks")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_checks"
    )
    document = models.CharField(
        _("document seen"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.CIN
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    arrondissement = models.ForeignKey(Arrondissement, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("seen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")
        constraints = [
            # Seeing the card twice in one visit (a double click) records it once.
            models.UniqueConstraint(fields=["visit", "document"], name="identity_check_once"),
        ]

    def __str__(self):
        return f"{self.get_document_display()} — {self.resident}"


class ActionKind(models.TextChoices):
    ACCOUNT_OPENED = "account", _("Account opened")
    IDENTITY_SEEN = "identity", _("National ID card seen")
    DECLARATION = "declaration", _("Identity declaration recorded")
    PETITION_SIGNED = "signature", _("Petition signed")


class VisitAction(models.Model):
    """One thing done for the resident during the visit, in order, for the receipt.

    ``kind`` is one of ``ActionKind`` (what the counters do themselves) or the kind of an act a
    feature registers (participation/counter_acts.py), whose row ``record`` points at: the
    proposal submitted, the support, the consultation's response, the evaluation."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=40)
    petition = models.ForeignKey(
        "petitions.Petition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    # The signature's slip, signed by the resident, filed by the agent (organic law 113-14:
    # the signature is the resident's own).
    slip_filed = models.BooleanField(default=False)
    # The act form's one-time key: a second sending of the same form returns this action.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A double submit records an action once.
            models.UniqueConstraint(
                fields=["visit", "kind", "petition"],
                condition=models.Q(petition__isnull=False),
                name="visit_action_once_per_petition",
            ),
            models.UniqueConstraint(
                fields=["visit", "kind", "content_type", "object_id"],
                condition=models.Q(object_id__isnull=False),
                name="visit_action_once_per_record",
            ),
            models.UniqueConstraint(
                fields=["visit", "kind"],
                condition=models.Q(petition__isnull=True, object_id__isnull=True),
                name="visit_action_once",
            ),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """What was done, in the reader's language: a counter's own action or a registered
        act's."""
        if self.kind in ActionKind.values:
            return ActionKind(self.kind).label
        act = counter_act(self.kind)
        return act.done_label if act is not None else self.kind
