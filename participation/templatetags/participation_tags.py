"""The comment thread any host page includes with ``{% comment_thread page %}``."""

from django import template
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.html import format_html

from participation import pagecache, personal
from participation.comment_counts import thread_comment_count
from participation.forms import CommentForm
from participation.models import Comment
from participation.services import started_following_tag
from participation.text import percentage
from participation.views import COMMENT_DRAFT_SESSION_KEY

register = template.Library()


@register.filter
def percent(value, decimals="-1"):
    """``{{ share|percent }}``: a percentage as the reader's language writes it
    (participation/text.py ``percentage``)."""
    return percentage(value, decimals)


SORTS = {
    "oldest": ["created_at", "pk"],
    "newest": ["-created_at", "-pk"],
    "most_replied": ["-reply_count", "-created_at", "-pk"],
}


@register.inclusion_tag("participation/comments/thread.html", takes_context=True)
def comment_thread(context, host):
    """A paginated, sortable thread of ``host`` with its form, follow button and live hooks.

    Queries are constant whatever the thread's size: a count, one page of top-level comments
    with their authors, their replies with their authors, and the viewer's follow state.
    """
    request = context["request"]
    user = request.user
    sort = request.GET.get("sort", "oldest")
    if sort not in SORTS:
        sort = "oldest"
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    top_level = (
        Comment.objects.for_host(host)
        .filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by(*SORTS[sort])
    )
    page = Paginator(top_level, settings.SHARIK_COMMENTS_PER_PAGE).get_page(
        request.GET.get("comments_page")
    )
    for comment in page:  # every comment of the page knows its host: no query per comment
        comment.host = host
        for reply in comment.replies.all():
            reply.host = host

    draft = request.session.pop(COMMENT_DRAFT_SESSION_KEY, None)
    if draft and draft.get("thread") == host.thread_key:
        form = CommentForm(draft["data"])
        form.is_valid()
        for field, errors in draft.get("errors", {}).items():
            for error in errors:
                if error["message"] not in form.errors.get(field, []):
                    form.add_error(field if field in form.fields else None, error["message"])
    else:
        form = CommentForm(initial={"parent": request.GET.get("reply_to")})
    replying_to = None
    try:
        parent_id = int(form["parent"].value() or 0)
    except (TypeError, ValueError):
        parent_id = 0
    if parent_id:
        replying_to = Comment.objects.filter(pk=parent_id).select_related("author").first()

    # The authors of the comments shown see links of their own (edit, delete): the page is not
    # shared with them (participation/pagecache.py).
    pagecache.not_shared_with(
        request,
        {
            author_id
            for comment in page
            for author_id in (comment.author_id, *(r.author_id for r in comment.replies.all()))
        },
    )
    # The message that came with the redirect after a first comment (participation/views.py).
    followed_tag = started_following_tag(host.thread_key)
    started_following = any(
        followed_tag in message.extra_tags.split() for message in get_messages(request)
    )
    return {
        "request": request,
        "user": user,
        "host": host,
        "page": page,
        "sort": sort,
        "sorts": [("oldest", "oldest"), ("newest", "newest"), ("most_replied", "most_replied")],
        "form": form,
        "replying_to": replying_to,
        "can_post": user.has_perm("participation.post_comment", host),
        "can_follow": user.has_perm("participation.follow", host),
        "started_following": started_following,
        "can_answer_officially": user.has_perm("participation.post_official_answer"),
        "comment_count": thread_comment_count(host),
        "last_comment_id": Comment.objects.for_host(host)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
        or 0,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.inclusion_tag("participation/_support_box.html", takes_context=True)
def support_box(context, host):
    """How many residents support ``host`` (live) and the reader's button: ``{% support_box x %}``
    on the page of a host that opts in (``ParticipationHost.supportable``)."""
    request = context["request"]
    return {
        "request": request,
        "host": host,
        "is_open": host.supports_are_open(),
        "may_support": request.user.has_perm("participation.support", host),
    }


@register.filter
def bdi(text):
    """``text`` by a person isolated from the sentence around it (an Arabic name in a French
    sentence keeps the date after it in place): ``{% blocktranslate with name=x|bdi %}``."""
    return format_html("<bdi>{}</bdi>", text)


@register.simple_tag(takes_context=True, name="personal")
def personal_part(context, name, *args):
    """A personal part of the page (participation/personal.py): ``{% personal "name" arg … %}``."""
    return personal.render(context.get("request"), name, args)


@register.simple_tag(takes_context=True)
def comment_permissions(context, comment):
    """What the viewer may do with one comment (links are shown only when allowed)."""
    user = context["request"].user
    return {
        "edit": user.has_perm("participation.edit_comment", comment),
        "delete": user.has_perm("participation.delete_comment", comment),
        "hide": user.has_perm("participation.hide_comment", comment),
        "report": user.has_perm("participation.report_comment", comment),
        "see_hidden": comment.is_hidden
        and (comment.author_id == user.pk or user.has_perm("participation.moderate_content")),
    }
