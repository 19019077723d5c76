"""Who came to the commune's meetings: the figures the equality body asks for (organic law
113-14, art. 120), from the attendance organisers mark at the door.

Counted: residents marked present (companions are counted in the places, not described: they
declared nothing), by the arrondissement they gave, and by gender and age band only among those
who declared them, each group shown from ``SHARIK_FIGURES_MIN_GROUP`` people on
(participation/equality.py)."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import EventPage, Registration, RegistrationStatus
from participation import equality
from participation.figures import Series
from participation.models import Arrondissement


def attendance(events):
    """The figures of the (original) ``events``: per event, then in all."""
    events = list(events)
    present = list(
        Registration.objects.filter(
            event__in=events, status=RegistrationStatus.REGISTERED, attended_at__isnull=False
        ).values("event_id", "user_id", "companions")
    )
    registered = Counter(
        Registration.objects.filter(
            event__in=events, status=RegistrationStatus.REGISTERED
        ).values_list("event_id", flat=True)
    )
    came = Counter(row["event_id"] for row in present)
    places = Counter()
    for row in present:
        places[row["event_id"]] += 1 + row["companions"]
    # A resident who came to three meetings counts once in the breakdowns.
    people = list(
        get_user_model()
        .objects.filter(pk__in={row["user_id"] for row in present})
        .only("pk", "gender", "birth_year", "arrondissement")
    )
    names = Arrondissement.objects.names_in()
    keys = dict(Arrondissement.objects.canonical().values_list("pk", "translation_key"))
    by_arrondissement = Counter(
        names.get(keys.get(person.arrondissement_id), _("Not given")) for person in people
    )
    return {
        "events": [
            {
                "event": event,
                "registered": registered[event.pk],
                "present": came[event.pk],
                "places": places[event.pk],
            }
            for event in events
        ],
        "residents": len(people),
        "places": sum(places.values()),
        "by_arrondissement": sorted(by_arrondissement.items(), key=lambda item: -item[1]),
        # ``people`` (the breakdown's count) is ``residents``.
        **equality.breakdown(people),
    }


def events_of_year(year):
    """The events of ``year``, each once (its original version: the one registrations belong
    to, participation/hosts.py), oldest first."""
    originals = (
        EventPage.objects.values("translation_key").annotate(first=Min("pk")).values("first")
    )
    return (
        EventPage.objects.filter(pk__in=originals, starts_at__year=year)
        .select_related("arrondissement")
        .order_by("starts_at", "pk")
    )


def participation_series():
    """What meetings count in the participation figures (participation/figures.py): residents
    marked present at the door (their companions declared nothing), in the month of the meeting's
    attendance, in the arrondissement of the resident's profile, as the attendance figures above.
    Registered in events/wagtail_hooks.py."""
    return [
        Series(
            kind="attendance",
            label=gettext_lazy("Attendance at meetings"),
            records=lambda: Registration.objects.filter(
                status=RegistrationStatus.REGISTERED, attended_at__isnull=False
            ),
            date="attended_at",
            arrondissement=("user__arrondissement",),
            participant="user",
            order=80,
        ),
    ]
