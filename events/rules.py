"""Who may register for an event."""

import rules

from participation.rules import is_verified_resident


@rules.predicate
def registration_is_open(user, event):
    return event.registration_is_open()


rules.add_perm("events.register", is_verified_resident & registration_is_open)
