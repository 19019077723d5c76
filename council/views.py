"""The council's sessions for the public: upcoming and past, each with its agenda, the content
each item answers and the council's decisions; the calendar feed and one file per session."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from council import ics
from council.models import CouncilSession


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


def _ics(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def calendar_feed(request):
    """Every public session of the last year and to come."""
    since = timezone.now() - datetime.timedelta(days=365)
    public = CouncilSession.objects.public().filter(starts_at__gte=since).prefetch_related("items")
    pairs = [(s, [i.title for i in s.items.all()]) for s in public.order_by("starts_at")]
    return _ics(ics.calendar(pairs, _("Sessions of the communal council")), "council.ics")


@require_GET
def session_ics(request, pk):
    item = get_object_or_404(CouncilSession.objects.public().prefetch_related("items"), pk=pk)
    body = ics.calendar([(item, [i.title for i in item.items.all()])], item.title)
    return _ics(body, f"session-{item.pk}.ics")
