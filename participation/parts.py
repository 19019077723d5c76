"""The personal parts of the participation core (participation/personal.py): the account menu
of the site header, the follow button of a thread, the support button of a supportable host, and
the key of a comment form."""

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language
from wagtail import hooks

from participation.forms import CommentForm
from participation.lookups import row_exists, written
from participation.models import Follow, Notification, Support
from participation.pagecache import remembered
from participation.personal import personal_part, render_part


def unread_notifications(user):
    """How many of ``user``'s notifications are unread. On every page of a logged-in resident:
    one indexed count, written out (Django's query compiler costs more than the query)."""
    if not user.is_authenticated:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(written(("unread", Notification), _write_unread_sql), [user.pk])
        return cursor.fetchone()[0]


def _write_unread_sql():
    quote = connection.ops.quote_name
    meta = Notification._meta
    recipient, read_at = meta.get_field("recipient").column, meta.get_field("read_at").column
    return (
        f"SELECT COUNT(*) FROM {quote(meta.db_table)} "  # noqa: S608 (names, not input)
        f"WHERE {quote(recipient)} = %s AND {quote(read_at)} IS NULL"
    )


# Features add links to a staff member's account menu (the counter of a counter agent) with a
# function registered under this Wagtail hook: ``links(user) -> [(label, url), …]``.
ACCOUNT_MENU_LINKS_HOOK = "sharik_account_menu_links"


def account_menu_links(user):
    if not user.is_authenticated or not user.is_staff:
        return []
    return [link for links in hooks.get_hooks(ACCOUNT_MENU_LINKS_HOOK) for link in links(user)]


@personal_part("participation.account_menu")
def account_menu(request):
    user = request.user
    unread = unread_notifications(user)
    here = getattr(request.resolver_match, "url_name", None)
    # The menu changes with the resident (remembered per generation: saving them ends it),
    # the language, the count and the page (profile and notifications are marked current).
    return remembered(
        ("account-menu", user.pk, get_language(), unread, here),
        lambda: render_part(
            request,
            "participation/account_menu.html",
            {
                "unread_notifications": unread,
                "admin_url": f"/{settings.SHARIK_ADMIN_PATH}/",
                "staff_links": account_menu_links(user),
            },
        ),
        per_resident=True,
    )


@personal_part("participation.submission_key")
def submission_key(request):
    """A new key each time the comment form is shown, shared page or not: the same form sent
    twice posts one comment, two forms read from one kept page post two."""
    return str(CommentForm()["submission"])


@personal_part("participation.follow")
def follow_button(request, thread_key, can_follow):
    """Follow or stop following a thread (``thread_key``: "<content type id>.<id>")."""
    if not can_follow:
        return ""
    content_type_id, _sep, object_id = thread_key.partition(".")
    following = row_exists(
        Follow, user=request.user.pk, content_type=int(content_type_id), object_id=int(object_id)
    )
    return remembered(
        ("follow-button", thread_key, following, get_language()),
        lambda: render_part(
            request,
            "participation/comments/follow.html",
            {"thread_key": thread_key, "is_following": following},
        ),
    )


@personal_part("participation.support")
def support_button(request, thread_key, author_id, is_open, may_support):
    """Support a host or take the support back (``participation.support``; ``may_support`` is
    worked out with the page for the reader's kind, as ``proposals.support``)."""
    user = request.user
    content_type_id, _sep, object_id = thread_key.partition(".")
    supported = user.is_authenticated and row_exists(
        Support, user=user.pk, content_type=int(content_type_id), object_id=int(object_id)
    )
    context = {
        "thread_key": thread_key,
        "is_open": is_open,
        "has_supported": supported,
        "can_support": may_support,
        "is_author": user.is_authenticated and user.pk == author_id,
    }
    key = ("support-button", *context.values(), user.is_authenticated, get_language())
    return remembered(
        tuple(str(value) for value in (*key, request.path)),
        lambda: render_part(request, "participation/_support.html", context),
    )
