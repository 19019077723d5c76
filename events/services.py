"""Registering for an event: one place each (with companions when the editor allows), a waiting
list once it is full, promoted in order when places free. The event's row is locked while the
places are counted, so registrations at the same instant never exceed its capacity (tested on
PostgreSQL with threads)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import EventPage, Registration, RegistrationStatus
from participation.models import NotificationCategory
from participation.notifications import notify
from participation.services import ParticipationError


def _locked(event):
    """The original version of ``event``, its row locked for the count of its places."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.original.pk)


def places_taken(event):
    """Places of the registered residents and their companions."""
    taken = Registration.objects.filter(
        event=event, status=RegistrationStatus.REGISTERED
    ).aggregate(companions=Sum("companions"), residents=Count("pk"))
    return taken["residents"] + (taken["companions"] or 0)


def _when(event):
    return date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")


def _tell(registration, write_message):
    event = registration.event
    notify(
        registration.user,
        NotificationCategory.FOLLOWED_ACTIVITY,
        write_message,
        url=event.in_language(registration.user.preferred_language).url,
    )


def register(user, event, companions=0):
    """Register ``user``; returns their registration, registered or waiting. Registering again
    (a double click, a second tab) returns the registration already there."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _register(user, event, companions)
        except IntegrityError:  # the same person registering twice at the same instant
            continue
    raise ParticipationError(_("The registration could not be saved; please try again."))


def _register(user, event, companions):
    event = _locked(event)
    if not event.registration_is_open():
        raise ParticipationError(_("Registration for this event is closed."))
    if not 0 <= companions <= event.companions_allowed:
        raise ParticipationError(
            _("You may bring at most %(count)d companions.") % {"count": event.companions_allowed}
        )
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        return registration
    fits = places_taken(event) + 1 + companions <= event.capacity
    # Nobody jumps the queue: a free place goes to those waiting first.
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).exists()
    status = RegistrationStatus.REGISTERED if fits and not waiting else RegistrationStatus.WAITING
    if registration is None:
        registration = Registration.objects.create(
            event=event, user=user, companions=companions, status=status
        )
    else:  # registering again after cancelling: at the end of the queue
        registration.companions, registration.status = companions, status
        registration.created_at = timezone.now()
        registration.save()
    if status == RegistrationStatus.REGISTERED:
        _tell(
            registration,
            lambda: (
                _("You are registered for “%(title)s”, %(when)s.")
                % {"title": event.in_language().title, "when": _when(event)}
            ),
        )
    else:
        _tell(
            registration,
            lambda: (
                _(
                    "“%(title)s” is full: you are on the waiting list. You will be told if a place "
                    "frees."
                )
                % {"title": event.in_language().title}
            ),
        )
    return registration


@transaction.atomic
def cancel(user, event):
    """Cancel ``user``'s registration (or their turn on the waiting list); the places freed go
    to those waiting, in order."""
    event = _locked(event)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return registration
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    promote(event)
    return registration


def promote(event):
    """Give the free places to those waiting, in the order they came, as long as the next one
    fits (with their companions). Run with the event locked."""
    free = event.capacity - places_taken(event)
    promoted = []
    for registration in Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITING
    ).order_by("created_at", "pk"):
        if registration.places > free:
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        free -= registration.places
        promoted.append(registration)
        _tell(
            registration,
            lambda: (
                _("A place freed for “%(title)s”: you are registered, %(when)s.")
                % {"title": event.in_language().title, "when": _when(event)}
            ),
        )
    return promoted


def send_reminders(now=None):
    """Remind those registered for the events of tomorrow (the commune's day), each once: a
    registration is marked reminded in the same statement that claims it, so a second run, or
    two at once, remind nobody twice. Returns how many were reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at__isnull=True,
        event__starts_at__date=tomorrow,
        event__live=True,
    )
    reminded = 0
    for registration in due.select_related("event", "user").iterator():
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            event = registration.event
            _tell(
                registration,
                lambda event=event: (
                    _("Reminder: “%(title)s” is tomorrow, %(when)s, %(place)s.")
                    % {
                        "title": event.in_language().title,
                        "when": _when(event),
                        "place": event.in_language().place or event.online_link,
                    }
                ),
            )
            reminded += 1
    return reminded
