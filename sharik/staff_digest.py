"""The email of what waits for a member of staff: the counts of the queues on their dashboard.

Each member chooses it in the admin's account settings (never, every day, once a week:
``StaffDigestPreference``); ``manage.py send_staff_digests`` runs with the daily digests
(deploy/systemd/sharik-digest.service). The queues are the dashboard's own panels, asked of every
feature's ``construct_homepage_panels`` hook for that member, so the email names exactly the
queues they may see, with the same counts and links. It is written in the language the admin
speaks to them, and leaves at most once a day (once a week for the weekly choice), however often
the command runs: the day it leaves is claimed by one conditional UPDATE before it is queued.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from participation.tasks import queue_email
from participation.workspace import QueuePanel
from sharik.models import DigestFrequency, StaffDigestPreference
from sharik.staff_admin import admin_language

#: Days between two emails for each choice.
INTERVALS = {DigestFrequency.DAILY: 1, DigestFrequency.WEEKLY: 7}


def queues_of(user):
    """The queues on ``user``'s dashboard as (heading, count, absolute link), in the order of
    the dashboard, read in the active language."""
    request = HttpRequest()
    request.user = user
    request.path = request.path_info = reverse("wagtailadmin_home")
    panels = []
    for construct_panels in hooks.get_hooks("construct_homepage_panels"):
        construct_panels(request, panels)
    queues = [panel for panel in panels if isinstance(panel, QueuePanel)]
    queues.sort(key=lambda panel: panel.order)
    return [
        (str(panel.heading), panel.waiting.count(), f"{settings.SHARIK_SITE_URL}{panel.url}")
        for panel in queues
    ]


def due_preferences(today):
    """The choices of active staff whose email is due ``today``."""
    due = Q()
    for frequency, days in INTERVALS.items():
        due |= Q(frequency=frequency) & (
            Q(last_sent_on__isnull=True) | Q(last_sent_on__lte=today - timedelta(days=days))
        )
    return (
        StaffDigestPreference.objects.filter(due, user__is_active=True, user__is_staff=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )


def claim(preference, today):
    """Mark today as the day ``preference``'s email leaves, unless a run already did (one
    conditional UPDATE: of two runs at once, one wins)."""
    days = INTERVALS[preference.frequency]
    return (
        StaffDigestPreference.objects.filter(pk=preference.pk)
        .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lte=today - timedelta(days=days)))
        .update(last_sent_on=today)
        == 1
    )


def send_staff_digests(today=None):
    """Email each member of staff whose email is due the counts of their queues; nothing when
    nothing waits. Returns how many emails were queued."""
    today = today or timezone.localdate()
    sent = 0
    for preference in due_preferences(today):
        user = preference.user
        with translation.override(admin_language(user)):
            queues = queues_of(user)
            waiting = sum(count for _heading, count, _url in queues)
            if not waiting or not claim(preference, today):
                continue
            subject = ngettext(
                "%(count)d item waits in your queues",
                "%(count)d items wait in your queues",
                waiting,
            ) % {"count": waiting}
            body = render_to_string(
                "sharik/email/staff_digest.txt",
                {
                    "user": user,
                    "queues": [queue for queue in queues if queue[1]],
                    "dashboard_url": f"{settings.SHARIK_SITE_URL}{reverse('wagtailadmin_home')}",
                    "settings_url": f"{settings.SHARIK_SITE_URL}{reverse('wagtailadmin_account')}",
                },
            )
            queue_email(
                EmailMessage(
                    f"[{_('Sharik')}] {subject}", body, settings.DEFAULT_FROM_EMAIL, [user.email]
                )
            )
        sent += 1
    return sent
