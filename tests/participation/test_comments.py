"""Threaded comments: services, permissions (a role by action matrix), views, XSS, rate limits,
query counts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from participation import services
from participation.models import AuditLogEntry, Comment, Follow, Notification
from tests.factories import ResidentFactory, UnverifiedResidentFactory


def thread_url(page):
    return f"/ar/threads/{page.thread_key}/comment/"


# --- Services ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_post_comment_and_reply(discussion, resident, django_capture_on_commit_callbacks):
    neighbour = ResidentFactory()
    comment, started = services.post_comment(resident, discussion, "  الحديقة تحتاج إنارة  ")
    assert started is True
    assert comment.body == "الحديقة تحتاج إنارة"
    assert Follow.objects.filter(user=resident, automatic=True).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        reply, _started = services.post_comment(neighbour, discussion, "أوافق", parent=comment)
    comment.refresh_from_db()
    assert reply.parent == comment
    assert comment.reply_count == 1
    # The first author is told, in their language, and by email (default: immediately).
    notification = Notification.objects.get(recipient=resident)
    assert notification.category == "reply"
    assert neighbour.display_name in notification.message
    assert notification.url.endswith(f"#comment-{reply.pk}")
    assert [m.to for m in mail.outbox] == [[resident.email]]


@pytest.mark.django_db
def test_reply_to_a_reply_joins_the_top_level_conversation(discussion, resident):
    top, _ = services.post_comment(resident, discussion, "أول")
    reply, _ = services.post_comment(resident, discussion, "ثاني", parent=top)
    deeper, _ = services.post_comment(resident, discussion, "ثالث", parent=reply)
    assert deeper.parent == top
    top.refresh_from_db()
    assert top.reply_count == 2


@pytest.mark.django_db
def test_reply_must_stay_in_the_same_thread(discussion, resident):
    from tests.factories import make_discussion_page

    other = make_discussion_page(slug="other")
    elsewhere, _ = services.post_comment(resident, other, "هناك")
    with pytest.raises(services.ParticipationError):
        services.post_comment(resident, discussion, "هنا", parent=elsewhere)


@pytest.mark.django_db
def test_closed_thread_refuses_comments(resident):
    from tests.factories import make_discussion_page

    closed = make_discussion_page(slug="closed", comments_enabled=False)
    with pytest.raises(services.ParticipationError):
        services.post_comment(resident, closed, "مرحبا")


@pytest.mark.django_db
def test_edit_marks_edited_and_delete_is_soft(discussion, resident):
    comment, _ = services.post_comment(resident, discussion, "خطأ")
    services.edit_comment(comment, "صحيح")
    comment.refresh_from_db()
    assert comment.body == "صحيح" and comment.edited_at is not None
    reply, _ = services.post_comment(ResidentFactory(), discussion, "رد", parent=comment)
    services.delete_comment(comment)
    assert Comment.objects.filter(pk=comment.pk, deleted_at__isnull=False).exists()
    assert Comment.objects.filter(pk=reply.pk).exists()  # the thread stays readable


@pytest.mark.django_db
def test_hide_needs_a_reason_tells_the_author_and_is_audited(discussion, resident, moderator):
    comment, _ = services.post_comment(resident, discussion, "كلام مسيء")
    with pytest.raises(services.ParticipationError):
        services.hide_comment(moderator, comment, "  ")
    services.hide_comment(moderator, comment, "سب وشتم")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == moderator
    told = Notification.objects.get(recipient=resident, category="moderation")
    assert "سب وشتم" in told.message
    entry = AuditLogEntry.objects.get(action="comment.hide")
    assert (entry.actor, entry.object_id, entry.reason) == (moderator, comment.pk, "سب وشتم")


# --- Permission matrix ------------------------------------------------------------------------

ACTIONS = ["read", "post", "edit", "delete", "hide", "report"]
EXPECTED = {
    #             read   post   edit   delete hide   report
    "visitor": (True, False, False, False, False, False),
    "unverified": (True, False, False, False, False, False),
    "resident": (True, True, False, False, False, True),
    "author": (True, True, True, True, False, False),
    "moderator": (True, True, False, False, True, True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(role, discussion, moderator):
    from django.contrib.auth.models import AnonymousUser

    author = ResidentFactory()
    comment, _ = services.post_comment(author, discussion, "تعليق")
    user = {
        "visitor": AnonymousUser(),
        "unverified": UnverifiedResidentFactory(),
        "resident": ResidentFactory(),
        "author": author,
        "moderator": moderator,
    }[role]
    allowed = (
        user.has_perm("participation.read_thread", discussion),
        user.has_perm("participation.post_comment", discussion),
        user.has_perm("participation.edit_comment", comment),
        user.has_perm("participation.delete_comment", comment),
        user.has_perm("participation.hide_comment", comment),
        user.has_perm("participation.report_comment", comment),
    )
    assert dict(zip(ACTIONS, allowed, strict=True)) == dict(
        zip(ACTIONS, EXPECTED[role], strict=True)
    )


@pytest.mark.django_db
def test_edit_window_closes(discussion, resident, settings):
    comment, _ = services.post_comment(resident, discussion, "تعليق")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now()
        - timedelta(minutes=settings.SHARIK_COMMENT_EDIT_WINDOW_MINUTES + 1)
    )
    comment.refresh_from_db()
    assert not resident.has_perm("participation.edit_comment", comment)
    assert resident.has_perm("participation.delete_comment", comment)


@pytest.mark.django_db
def test_unpublished_page_thread_is_not_readable(discussion, resident):
    discussion.unpublish()
    discussion.refresh_from_db()
    assert not resident.has_perm("participation.read_thread", discussion)
    assert not resident.has_perm("participation.post_comment", discussion)


# --- Views ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_posting_over_http_redirects_to_the_comment_and_offers_undo(client, discussion, resident):
    client.force_login(resident)
    response = client.post(thread_url(discussion), {"body": "أقترح ممرًا للدراجات"})
    comment = Comment.objects.for_host(discussion).get()
    assert response.status_code == 302
    assert response["Location"] == f"{discussion.url}#comment-{comment.pk}"
    page = client.get(discussion.url).content.decode()
    assert "أقترح ممرًا للدراجات" in page
    assert "تراجع" in page or "Undo" in page  # the automatic follow is said and undoable
    client.post(f"/ar/threads/{discussion.thread_key}/follow/", {"action": "unfollow"})
    assert not Follow.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_the_follow_notice_comes_with_the_message_once_and_writes_no_session(
    client, discussion, resident
):
    client.force_login(resident)
    session_before = dict(client.session)
    client.post(thread_url(discussion), {"body": "تعليق أول"})
    assert dict(client.session) == session_before  # nothing stored for the notice
    page = client.get(discussion.url).content.decode()
    assert "تتابعون هذا النقاش" in page  # "You now follow this discussion"
    assert 'class="message message--success"' in page  # the tag does not change its style
    again = client.get(discussion.url).content.decode()
    assert "تتابعون هذا النقاش" not in again  # shown once
    client.post(thread_url(discussion), {"body": "تعليق ثان"})  # already following
    assert "تتابعون هذا النقاش" not in client.get(discussion.url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_discussion_is_read_once_and_closes_at_once(queued_tasks, client, discussion):
    """The page hosting a thread is remembered per generation (participation/hosts.py): the
    comments of a busy moment do not read it again, and its editor closing the discussion
    applies to the next comment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ResidentFactory())
    client.post(thread_url(discussion), {"body": "الأول"})  # a quiet thread's: ends the pages
    client.post(thread_url(discussion), {"body": "الثاني"})  # reads the page in this generation
    with CaptureQueriesContext(connection) as captured:
        client.post(thread_url(discussion), {"body": "الثالث"})
    assert Comment.objects.for_host(discussion).count() == 3
    assert not [q for q in captured.captured_queries if "wagtailcore_page" in q["sql"]]
    discussion.comments_enabled = False
    discussion.save_revision().publish()
    client.post(thread_url(discussion), {"body": "بعد الإغلاق"})
    assert not Comment.objects.filter(body="بعد الإغلاق").exists()
    assert Comment.objects.for_host(discussion).count() == 3


@pytest.mark.django_db
def test_visitor_cannot_post(client, discussion):
    response = client.post(thread_url(discussion), {"body": "spam"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.for_host(discussion).exists()


@pytest.mark.django_db
def test_unverified_account_cannot_post(client, discussion, unverified_resident):
    client.force_login(unverified_resident)
    assert client.post(thread_url(discussion), {"body": "x"}).status_code == 403
    assert not Comment.objects.for_host(discussion).exists()


@pytest.mark.django_db
def test_empty_comment_is_refused_and_the_form_says_why(client, discussion, resident):
    client.force_login(resident)
    response = client.post(thread_url(discussion), {"body": "   "}, follow=True)
    assert not Comment.objects.for_host(discussion).exists()
    content = response.content.decode()
    assert 'class="error-summary"' in content


@pytest.mark.django_db
def test_too_long_comment_keeps_the_text(client, discussion, resident):
    client.force_login(resident)
    long_text = "ب" * 4001
    response = client.post(thread_url(discussion), {"body": long_text}, follow=True)
    assert not Comment.objects.for_host(discussion).exists()
    assert long_text in response.content.decode()


@pytest.mark.django_db
def test_comment_rate_limit(client, discussion, resident, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "comment": "3/m/user"}
    client.force_login(resident)
    for number in range(5):
        client.post(thread_url(discussion), {"body": f"تعليق {number}"})
    assert Comment.objects.for_host(discussion).count() == 3
    page = client.get(discussion.url).content.decode()
    assert "تعليق 4" in page  # the refused text is given back, not lost


@pytest.mark.django_db
def test_rate_limit_per_address_across_accounts(client, discussion, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "comment": "2/m/ip"}
    for number in range(3):
        client.force_login(ResidentFactory())
        client.post(thread_url(discussion), {"body": f"{number}"})
    assert Comment.objects.for_host(discussion).count() == 2


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_rendered_inert(client, discussion, resident, payload):
    services.post_comment(resident, discussion, payload)
    content = client.get(discussion.url).content.decode()
    body = content[content.index('class="thread"') :]
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "<svg onload" not in body
    assert 'href="javascript:' not in body


@pytest.mark.django_db
def test_links_become_clickable_and_nofollow(client, discussion, resident):
    services.post_comment(resident, discussion, "انظروا https://www.sale.ma/budget")
    content = client.get(discussion.url).content.decode()
    assert '<a href="https://www.sale.ma/budget" rel="nofollow">' in content


@pytest.mark.django_db
def test_hidden_comment_shows_reason_to_all_and_text_to_author_only(
    client, discussion, resident, moderator
):
    comment, _ = services.post_comment(resident, discussion, "نص سيُخفى")
    services.hide_comment(moderator, comment, "خارج الموضوع")
    visitor_page = client.get(discussion.url).content.decode()
    assert "نص سيُخفى" not in visitor_page
    assert "خارج الموضوع" in visitor_page
    client.force_login(resident)
    assert "نص سيُخفى" in client.get(discussion.url).content.decode()


@pytest.mark.django_db
def test_author_edits_over_http_and_others_cannot(client, discussion, resident):
    comment, _ = services.post_comment(resident, discussion, "قبل")
    client.force_login(ResidentFactory())
    assert client.post(f"/ar/comments/{comment.pk}/edit/", {"body": "x"}).status_code == 403
    client.force_login(resident)
    response = client.post(f"/ar/comments/{comment.pk}/edit/", {"body": "بعد"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "بعد" and comment.edited_at


@pytest.mark.django_db
def test_moderator_hides_over_http(client, discussion, resident, moderator):
    comment, _ = services.post_comment(resident, discussion, "x")
    client.force_login(resident)
    assert client.post(f"/ar/comments/{comment.pk}/hide/", {"reason": "r"}).status_code == 403
    client.force_login(moderator)
    response = client.post(f"/ar/comments/{comment.pk}/hide/", {"reason": "إشهار"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_reason == "إشهار"


@pytest.mark.django_db
def test_sorting_by_most_replied(client, discussion, resident):
    services.post_comment(resident, discussion, "هادئ")
    busy, _ = services.post_comment(resident, discussion, "نشيط")
    services.post_comment(ResidentFactory(), discussion, "رد", parent=busy)
    content = client.get(f"{discussion.url}?sort=most_replied").content.decode()
    assert content.index("نشيط") < content.index("هادئ")
    content = client.get(f"{discussion.url}?sort=oldest").content.decode()
    assert content.index("هادئ") < content.index("نشيط")


@pytest.mark.django_db
def test_thread_page_queries_constant_with_500_comments(
    client, discussion, resident, moderator, django_assert_max_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    def add_comments(count, offset):
        content_type = ContentType.objects.get_for_model(discussion)
        authors = [ResidentFactory() for _ in range(5)]
        tops = Comment.objects.bulk_create(
            Comment(
                content_type=content_type,
                object_id=discussion.pk,
                author=authors[i % 5],
                body=f"تعليق {offset + i}",
            )
            for i in range(count // 2)
        )
        Comment.objects.bulk_create(
            Comment(
                content_type=content_type,
                object_id=discussion.pk,
                parent=tops[i % len(tops)],
                author=authors[i % 5],
                body=f"رد {offset + i}",
            )
            for i in range(count - count // 2)
        )

    def queries_for(user):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(user)
        # Warm per-process caches (content types, site root; the way to the page, then the page,
        # remembered: cms/routing.py).
        client.get(discussion.url)
        client.get(discussion.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(discussion.url).status_code == 200
        return len(captured)

    add_comments(20, 0)
    small = {role: queries_for(user) for role, user in [("r", resident), ("m", moderator)]}
    add_comments(480, 1000)
    assert Comment.objects.for_host(discussion).count() == 500
    large = {role: queries_for(user) for role, user in [("r", resident), ("m", moderator)]}
    assert large == small
    with django_assert_max_num_queries(40):
        client.get(discussion.url)


@pytest.mark.django_db
def test_official_answer_is_marked_and_notifies_followers(
    client, discussion, resident, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    follower = ResidentFactory(preferred_language="fr")
    services.follow(follower, discussion)
    official = ResidentFactory(display_name="Service communication", is_staff=True)
    official.groups.add(Group.objects.get(name="Officials"))  # the role that answers officially
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):  # followers are told after commit
        client.post(thread_url(discussion), {"body": "الأشغال تبدأ في يناير", "official": "on"})
    answer = Comment.objects.for_host(discussion).get()
    assert answer.is_official
    notification = Notification.objects.get(recipient=follower)
    assert notification.category == "followed"
    assert discussion.title in notification.message
    assert "badge--official" in client.get(discussion.url).content.decode()


@pytest.mark.django_db
def test_residents_cannot_post_official_answers(client, discussion, resident):
    client.force_login(resident)
    client.post(thread_url(discussion), {"body": "أنا الجماعة", "official": "on"})
    assert not Comment.objects.for_host(discussion).get().is_official


@pytest.mark.django_db
def test_catch_up_returns_only_newer_comments(client, discussion, resident):
    first, _ = services.post_comment(resident, discussion, "قديم")
    second, _ = services.post_comment(resident, discussion, "جديد")
    data = client.get(f"/ar/threads/{discussion.thread_key}/since/?after={first.pk}").json()
    assert [c["id"] for c in data["comments"]] == [second.pk]
    assert "جديد" in data["comments"][0]["html"]
    assert data["comment_count"] == 2
    assert client.get(f"/ar/threads/{discussion.thread_key}/since/?after=x").status_code == 200


@pytest.mark.django_db
def test_catch_up_of_an_unreadable_thread_is_refused(client, discussion, resident):
    services.post_comment(resident, discussion, "سري")
    discussion.unpublish()
    assert client.get(f"/ar/threads/{discussion.thread_key}/since/").status_code == 403
    assert client.get("/ar/threads/999999.1/since/").status_code == 404


# --- The thread's count, recounted in the background (participation/comment_counts.py) -----------


@pytest.mark.django_db
def test_a_burst_of_comments_counts_nothing_in_the_request_and_queues_one_recount(
    queued_tasks, django_capture_on_commit_callbacks, discussion
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from participation import comment_counts

    authors = [ResidentFactory() for _ in range(4)]
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as captured,
    ):
        for author in authors:
            services.post_comment(author, discussion, "تعليق في الموجة")
    counted = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counted == []  # a thread of 100,000 comments costs a comment what an empty one does
    queued = queued_tasks("refresh_comment_count")
    assert len(queued) == 1  # one pass counts the four
    assert comment_counts.record_comment_count(*queued[0].args) == 4


# Committed, as a resident's comment is: its commit ends the kept pages (participation/pagecache).
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_comments_ends_the_kept_pages_with_its_first_and_its_recount(
    queued_tasks, discussion
):
    from django.core.cache import cache

    from participation import comment_counts, pagecache
    from tests.factories import make_moderator

    def generation():
        return cache.get(pagecache.GENERATION_KEY)

    authors = [ResidentFactory() for _ in range(3)]
    before = generation()
    first, _ = services.post_comment(authors[0], discussion, "الأول في الموجة")
    after_first = generation()
    assert after_first != before  # a quiet thread's comment shows at once
    for author in authors[1:]:
        services.post_comment(author, discussion, "تعليق في الموجة")
    assert generation() == after_first  # the rest of the moment wait for the recount…
    (queued,) = queued_tasks("refresh_comment_count")
    comment_counts.record_comment_count(*queued.args)
    after_recount = generation()
    assert after_recount != after_first  # …which ends the pages again
    services.edit_comment(first, "الأول، مصحح")
    after_edit = generation()
    assert after_edit != after_recount  # an edit shows at once
    services.hide_comment(make_moderator(), first, "سبب")
    assert generation() != after_edit  # and so does a moderator's hiding


@pytest.mark.django_db
def test_the_recount_gives_the_host_its_count_without_the_hidden(
    django_capture_on_commit_callbacks,
):
    from proposals.models import Proposal
    from tests.factories import make_moderator
    from tests.proposals.factories import ProposalFactory

    proposal = ProposalFactory()  # published
    with django_capture_on_commit_callbacks(execute=True):  # tasks run at once here
        services.post_comment(ResidentFactory(), proposal, "تعليق باق")
        hidden, _ = services.post_comment(ResidentFactory(), proposal, "تعليق سيخفى")
    assert Proposal.objects.get(pk=proposal.pk).comment_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_comment(make_moderator(), hidden, "سبب")
    assert Proposal.objects.get(pk=proposal.pk).comment_count == 1
