"""Access to information (law 31-13). For now: the commune's public holidays, which decide the
working days every legal period is counted in (information/workdays.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    CIVIL = "civil", _("Civil (fixed date)")
    RELIGIOUS = "religious", _("Religious (Hijri calendar)")


class PublicHoliday(models.Model):
    """A day the commune's offices are closed, besides Saturdays and Sundays. Religious holidays
    follow the sighting of the moon: their dates are entered ahead as expected and confirmed by
    staff when announced; until then ``confirmed`` is false and the date is an estimate the
    deadlines already count with."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=HolidayKind.choices)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Untick for a religious holiday's expected date, until it is announced."),
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.name}"
