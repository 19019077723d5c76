"""The same comment form sent twice (a double click, a page sent again, two at the same moment)
posts one comment (participation/services.py ``post_comment``, its ``submission`` key)."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction

from participation import services
from participation.forms import CommentForm
from participation.models import Comment
from tests.factories import ResidentFactory, make_discussion_page


def thread_url(page):
    return f"/ar/threads/{page.thread_key}/comment/"


@pytest.mark.django_db
def test_the_form_sent_twice_posts_one_comment(client, resident, discussion):
    client.force_login(resident)
    key = str(uuid.uuid4())
    data = {"body": "الإنارة معطلة في شارعنا", "submission": key}
    first = client.post(thread_url(discussion), data)
    second = client.post(thread_url(discussion), data)
    comments = Comment.objects.for_host(discussion)
    assert comments.count() == 1
    assert first["Location"] == second["Location"]  # both lead to the one comment
    assert first["Location"].endswith(f"#comment-{comments.get().pk}")
    # Another showing of the form carries another key: a second, deliberate comment is posted.
    client.post(thread_url(discussion), {**data, "submission": str(uuid.uuid4())})
    assert comments.count() == 2


def test_each_showing_of_the_form_has_its_own_key():
    first, second = CommentForm(), CommentForm()
    assert first["submission"].value() != second["submission"].value()
    assert 'type="hidden"' in str(first["submission"])


@pytest.mark.django_db
def test_the_database_refuses_a_second_comment_with_the_same_key(resident, discussion):
    key = uuid.uuid4()
    services.post_comment(resident, discussion, "أول", submission=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(
            content_type=Comment.objects.get().content_type,
            object_id=discussion.pk,
            author=resident,
            body="ثان",
            submission=key,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_eight_threads_sending_the_same_form_at_once_post_one_comment():
    page = make_discussion_page(slug="race")
    author = ResidentFactory()
    key = uuid.uuid4()
    barrier = threading.Barrier(8)

    def send(_):
        try:
            barrier.wait(timeout=30)
            comment, _following = services.post_comment(author, page, "مرة واحدة", submission=key)
            return comment.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        posted = set(pool.map(send, range(8)))
    assert Comment.objects.filter(author=author).count() == 1
    assert posted == {Comment.objects.get(author=author).pk}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_comment_its_follow_and_its_recount_marker_are_one_statement(queued_tasks):
    """On PostgreSQL, as a signature (participation/services.py ``_comment_in_one_statement``):
    no transaction around it, and what it wrote is what the ORM would have."""
    from django.test.utils import CaptureQueriesContext

    from participation.models import Follow, QueuedRecount

    page = make_discussion_page(slug="one-statement")
    author = ResidentFactory()
    with CaptureQueriesContext(connection) as captured:
        comment, started_following = services.post_comment(author, page, "  تعليق واحد  ")
    writes = [q["sql"] for q in captured.captured_queries if "INSERT" in q["sql"]]
    assert len(writes) == 1  # the comment, its follow and its marker (the task is kept aside)
    assert not [q for q in captured.captured_queries if q["sql"] in ("BEGIN", "COMMIT")]
    assert started_following
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.body, stored.author, stored.host, stored.parent) == (
        "تعليق واحد",
        author,
        page,
        None,
    )
    assert stored.created_at == comment.created_at and not stored.is_official
    assert Follow.objects.filter(user=author, object_id=page.pk, automatic=True).count() == 1
    assert QueuedRecount.objects.count() == 1
    assert len(queued_tasks("refresh_comment_count")) == 1
    _again, started_again = services.post_comment(author, page, "ثان")
    assert not started_again  # already following
    assert len(queued_tasks("refresh_comment_count")) == 1  # its recount already queued
