"""The council's sessions as calendar events (participation/ics.py writes the files)."""

import datetime

from participation.ics import CalendarEvent

# A session's length when the calendar needs an end: the law sets none.
SESSION_HOURS = 3


def session_event(session, agenda_titles):
    return CalendarEvent(
        uid=f"council-session-{session.pk}",
        starts_at=session.starts_at,
        ends_at=session.starts_at + datetime.timedelta(hours=SESSION_HOURS),
        summary=session.title,
        location=session.place,
        path=session.get_absolute_url(),
        description="\n".join(f"{n}. {title}" for n, title in enumerate(agenda_titles, 1)),
        stamp=session.updated_at,
    )
