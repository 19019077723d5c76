"""Events for residents: the index (upcoming, then past; filtered by kind, axis and
arrondissement), each event's registration box, registering and cancelling, and the calendar
files (one per event, and a feed of all)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import services
from events.models import EventKind, EventPage, Registration, RegistrationStatus
from participation import ics, ratelimits
from participation.models import Arrondissement
from participation.services import ParticipationError
from proposals.models import ProposalCategory

PER_PAGE = 20


def event_listing(request, index):
    """Context of the events index: the upcoming events soonest first, or the past ones latest
    first (``?when=past``), filtered by ``kind``, ``axis`` and ``arrondissement``."""
    now = timezone.now()
    events = EventPage.objects.child_of(index).live().select_related("arrondissement", "axis")
    past = request.GET.get("when") == "past"
    events = (
        events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        if past
        else events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    )
    filters = {}
    for name, lookup, accepted in (
        ("kind", "kind", EventKind.values),
        ("axis", "axis__slug", None),
        ("arrondissement", "arrondissement__slug", None),
    ):
        value = request.GET.get(name, "")
        if value and (accepted is None or value in accepted):
            events = events.filter(**{lookup: value})
            filters[name] = value
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    names = Arrondissement.objects.names_in()
    axes = ProposalCategory.objects.names_in()
    for event in page:
        event.arrondissement_name = (
            names.get(event.arrondissement.translation_key, event.arrondissement.name)
            if event.arrondissement_id
            else ""
        )
        event.axis_name = (
            axes.get(event.axis.translation_key, event.axis.name) if event.axis_id else ""
        )
    return {
        "events": page,
        "past": past,
        "filters": filters,
        "query_string": query.urlencode(),
        "kinds": EventKind.choices,
        "arrondissements": Arrondissement.objects.slug_choices(names),
        "axes": ProposalCategory.objects.slug_choices(axes),
    }


def _live_in_language(page):
    """A linked page in the reader's language (its original if not translated), if it is live."""
    if page is None or not page.live:
        return None
    return page.localized


def event_context(request, event):
    """What the event page shows the reader: the places left and their registration."""
    original = event.original
    taken = services.places_taken(original) if original.capacity is not None else 0
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(event=original, user=request.user).first()
        if registration is not None and registration.status == RegistrationStatus.CANCELLED:
            registration = None
    return {
        "consultation": _live_in_language(event.consultation),
        "project": _live_in_language(event.project),
        "documents": event.documents.select_related("document"),
        "attended": (
            Registration.objects.filter(event=original, attended_at__isnull=False).count()
            if event.is_past
            else 0
        ),
        "places_left": max(original.capacity - taken, 0) if original.capacity is not None else None,
        "registration": registration,
        "may_register": request.user.has_perm("events.register", original),
        "companion_choices": range(original.companions_allowed + 1),
    }


def _event(pk):
    return get_object_or_404(EventPage.objects.live(), pk=pk)


@login_required
@require_POST
def register(request, pk):
    event = _event(pk)
    if not request.user.has_perm("events.register", event.original):
        raise PermissionDenied
    if refused := ratelimits.refusal(request, "event_registration"):
        return refused
    try:
        companions = int(request.POST.get("companions") or 0)
    except ValueError:
        companions = -1
    try:
        registration = services.register(request.user, event, companions)
    except ParticipationError as error:
        messages.error(request, str(error))
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The event is full: you are on the waiting list."))
    return redirect(event.url + "#registration")


@login_required
@require_POST
def cancel(request, pk):
    event = _event(pk)
    if refused := ratelimits.refusal(request, "event_registration"):
        return refused
    services.cancel(request.user, event)
    messages.success(request, _("Your registration is cancelled; your place goes to the next."))
    return redirect(event.url + "#registration")


def _calendar_event(event):
    location = event.place or event.online_link
    return ics.CalendarEvent(
        uid=f"event-{event.original.pk}",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        location=location,
        path=event.url,
        description=event.summary,
        stamp=event.last_published_at,
    )


@require_GET
def event_ics(request, pk):
    event = _event(pk)
    return ics.response(ics.calendar([_calendar_event(event)], event.title), f"event-{pk}.ics")


@require_GET
def calendar_feed(request):
    """The events of the reader's language from a month ago on."""
    since = timezone.now() - datetime.timedelta(days=31)
    events = (
        EventPage.objects.live()
        .filter(locale__language_code=request.LANGUAGE_CODE, ends_at__gte=since)
        .order_by("starts_at")
    )
    return ics.response(
        ics.calendar([_calendar_event(event) for event in events], _("The commune's events")),
        "events.ics",
    )
