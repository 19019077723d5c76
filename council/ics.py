"""iCalendar (RFC 5545) for the council's sessions: one file per session and a feed of all, so
residents add the sessions to their phone's calendar. Written by hand: a few properties."""

import datetime

from django.conf import settings
from django.utils import timezone

# A session's length when the calendar needs an end: the law sets none.
SESSION_HOURS = 3


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1), never splitting a
    character's bytes."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(session, agenda_titles):
    url = f"{settings.SHARIK_SITE_URL}{session.get_absolute_url()}"
    description = "\n".join(f"{number}. {title}" for number, title in enumerate(agenda_titles, 1))
    return [
        "BEGIN:VEVENT",
        f"UID:council-session-{session.pk}@{settings.SHARIK_SITE_URL.split('://')[-1]}",
        f"DTSTAMP:{_utc(session.updated_at or timezone.now())}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.starts_at + datetime.timedelta(hours=SESSION_HOURS))}",
        f"SUMMARY:{_escape(session.title)}",
        f"LOCATION:{_escape(session.place)}",
        f"URL:{url}",
        f"DESCRIPTION:{_escape(description + chr(10) + url if description else url)}",
        "END:VEVENT",
    ]


def calendar(sessions_with_titles, name):
    """The calendar of ``(session, agenda titles)`` pairs, as text with CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sharik//Council sessions//AR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for session, titles in sessions_with_titles:
        lines.extend(event_lines(session, titles))
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
