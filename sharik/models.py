"""The project's own rows: what a member of staff chose for the admin as a whole (the email of
what waits in their queues, sharik/staff_digest.py). Features keep their data in their apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestFrequency(models.TextChoices):
    NEVER = "never", _("Never")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Once a week")


class StaffDigestPreference(models.Model):
    """Whether a member of staff gets, by email, the counts of the queues on their dashboard;
    ``last_sent_on`` is the day it last left, so it leaves once a day at most (or a week)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_digest_preference",
    )
    frequency = models.CharField(
        _("Email me what waits in my queues"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.NEVER,
    )
    last_sent_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("email of what waits")
        verbose_name_plural = _("emails of what waits")

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"
