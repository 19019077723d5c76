"""Who may do what with announcements (docs/architecture.md, "Permissions").

Writing and sending are staff work in the admin, given by model permissions to a role:
``announcements.add_announcement`` / ``change_announcement`` to write drafts and
``announcements.send_announcement`` to send them. The object rules below add the state: a
sent announcement is no longer changed, and is sent once."""

import rules

from participation.rules import holds


@rules.predicate
def may_write(user):
    return user.is_authenticated and (
        user.has_perm("announcements.add_announcement")
        or user.has_perm("announcements.change_announcement")
    )


may_send = holds("announcements.send_announcement", "may_send")


@rules.predicate
def is_draft(user, announcement):
    return announcement is not None and announcement.is_draft


@rules.predicate
def is_sending(user, announcement):
    return announcement is not None and announcement.status == "sending"


# The admin's "Announcements" screens: anyone who writes or sends them.
rules.add_perm("announcements.use_screens", may_write | may_send)
rules.add_perm("announcements.edit", may_write & is_draft)
rules.add_perm("announcements.send", may_send & is_draft)
rules.add_perm("announcements.resume", may_send & is_sending)
