"""Demonstration data shared by the apps' demos (seed_demo)."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from participation.models import Comment


def start_discussion(host, entries):
    """Post demonstration comments on ``host``'s thread unless it has some already.

    ``entries``: (author email, text, replies), replies being (author email, text, official).
    Comments of authors missing from the database are left out.
    """
    if Comment.objects.for_host(host).exists():
        return
    User = get_user_model()
    authors = {user.email: user for user in User.objects.filter(email__in=_emails(entries))}
    content_type = ContentType.objects.get_for_model(host, for_concrete_model=False)
    for email, body, replies in entries:
        if email not in authors:
            continue
        comment = Comment.objects.create(
            content_type=content_type, object_id=host.pk, body=body, author=authors[email]
        )
        posted = 0
        for reply_email, reply_body, official in replies:
            if reply_email not in authors:
                continue
            Comment.objects.create(
                content_type=content_type,
                object_id=host.pk,
                parent=comment,
                body=reply_body,
                is_official=official,
                author=authors[reply_email],
            )
            posted += 1
        comment.reply_count = posted
        comment.save(update_fields=["reply_count"])


def _emails(entries):
    for email, _body, replies in entries:
        yield email
        yield from (reply[0] for reply in replies)
