"""iCalendar (RFC 5545) files, written by hand (a few properties): one file per council session
or event, and feeds of them, so residents add them to their phone's calendar."""

import datetime
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # unique and stable: "council-session-12", "event-40"
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str
    path: str  # the page's address on the site
    description: str = ""
    stamp: datetime.datetime | None = None  # when it last changed


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1), never splitting a
    character's bytes."""
    if len(line.encode()) <= 75:
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


def _event_lines(event):
    url = f"{settings.SHARIK_SITE_URL}{event.path}"
    host = settings.SHARIK_SITE_URL.split("://")[-1]
    description = f"{event.description}\n{url}" if event.description else url
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}@{host}",
        f"DTSTAMP:{_utc(event.stamp or datetime.datetime.now(datetime.UTC))}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(event.summary)}",
        f"LOCATION:{_escape(event.location)}",
        f"URL:{url}",
        f"DESCRIPTION:{_escape(description)}",
        "END:VEVENT",
    ]


def calendar(events, name):
    """The calendar of ``events`` (``CalendarEvent``), as text with CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sharik//Participation platform//AR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def response(body, filename):
    """The calendar as an HTTP answer the phone opens."""
    from django.http import HttpResponse

    answer = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = f'inline; filename="{filename}"'
    return answer
