"""The council's sessions for the public: upcoming and past, each with its agenda, the content
each item answers and the council's decisions; the calendar feed and one file per session."""

import datetime

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from council.ics import session_event
from council.models import CouncilSession
from participation import ics


@require_GET
def sessions(request):
    public = CouncilSession.objects.public().prefetch_related("items")
    now = timezone.now()
    return render(
        request,
        "council/sessions.html",
        {
            "upcoming": list(public.filter(starts_at__gte=now).order_by("starts_at")),
            "past": list(public.filter(starts_at__lt=now).order_by("-starts_at")[:30]),
        },
    )


@require_GET
def session(request, pk):
    item = get_object_or_404(
        CouncilSession.objects.public().select_related("minutes", "agenda_document"), pk=pk
    )
    return render(
        request,
        "council/session.html",
        {
            "session": item,
            "items": list(
                item.items.select_related("petition", "proposal", "consultation", "project")
            ),
        },
    )


@require_GET
def calendar_feed(request):
    """Every public session of the last year and to come."""
    since = timezone.now() - datetime.timedelta(days=365)
    public = CouncilSession.objects.public().filter(starts_at__gte=since).prefetch_related("items")
    events = [
        session_event(s, [i.title for i in s.items.all()]) for s in public.order_by("starts_at")
    ]
    return ics.response(ics.calendar(events, _("Sessions of the communal council")), "council.ics")


@require_GET
def session_ics(request, pk):
    item = get_object_or_404(CouncilSession.objects.public().prefetch_related("items"), pk=pk)
    body = ics.calendar([session_event(item, [i.title for i in item.items.all()])], item.title)
    return ics.response(body, f"session-{item.pk}.ics")
