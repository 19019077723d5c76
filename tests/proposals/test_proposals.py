"""Citizen proposals: services, state machine, supports, permissions, pages, search, open data,
images, query counts."""

import io
import json
import threading

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from participation.models import Arrondissement, Follow, Notification, QueuedRecount
from participation.services import ParticipationError
from proposals import counts, services
from proposals.models import Proposal, ProposalCategory, ProposalStatus, Support
from tests.factories import ResidentFactory, UnverifiedResidentFactory
from tests.proposals.factories import ProposalFactory


def make_proposal(author=None, status=ProposalStatus.PUBLISHED, **fields):
    """``ProposalFactory``'s proposal, dated now whatever its status."""
    from django.utils import timezone

    if author is not None:
        fields["author"] = author
    fields.setdefault("published_at", timezone.now())
    return ProposalFactory(status=status, **fields)


@pytest.fixture
def official(db):
    user = ResidentFactory(display_name="قسم الاتصال", is_staff=True)
    user.groups.add(Group.objects.get(name="Officials"))
    return user


def image_file(name="photo.png", size=(800, 600), fmt="PNG", exif=False):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    if exif:
        data = image.getexif()
        data[0x010F] = "PhoneMaker"  # camera make, a stand-in for the GPS block
        image.save(buffer, fmt, exif=data)
    else:
        image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


# --- State machine and services ---------------------------------------------------------------


@pytest.mark.django_db
def test_pre_moderation_flow(resident, moderator):
    proposal = make_proposal(resident, status=ProposalStatus.DRAFT)
    services.submit(proposal)
    assert proposal.status == ProposalStatus.PENDING
    assert Follow.objects.filter(user=resident, object_id=proposal.pk).exists()
    with pytest.raises(ParticipationError):
        services.return_to_author(moderator, proposal, "  ")
    services.return_to_author(moderator, proposal, "العنوان غير واضح")
    assert proposal.status == ProposalStatus.RETURNED
    told = Notification.objects.get(recipient=resident)
    assert "العنوان غير واضح" in told.message
    services.submit(proposal)  # the author corrected it
    services.publish(moderator, proposal)
    assert proposal.status == ProposalStatus.PUBLISHED and proposal.published_at
    steps = list(proposal.events.values_list("status", "is_public"))
    assert steps == [("pending", True), ("returned", False), ("pending", True), ("published", True)]


@pytest.mark.django_db
def test_post_moderation_publishes_at_once(resident, settings):
    settings.SHARIK_PROPOSAL_MODERATION = "post"
    proposal = make_proposal(resident, status=ProposalStatus.DRAFT)
    services.submit(proposal)
    assert proposal.status == ProposalStatus.PUBLISHED


@pytest.mark.django_db
def test_answers_follow_the_state_machine_and_notify_followers(
    official, django_capture_on_commit_callbacks
):
    follower = ResidentFactory()
    proposal = make_proposal()
    services.support(follower, proposal)  # supporting follows
    with pytest.raises(ParticipationError):
        services.answer(official, proposal, ProposalStatus.IMPLEMENTED, "تم")
    with pytest.raises(ParticipationError):
        services.answer(official, proposal, ProposalStatus.REJECTED, "   ")
    with django_capture_on_commit_callbacks(execute=True):  # followers are told after commit
        services.answer(official, proposal, ProposalStatus.UNDER_STUDY, "قيد الدراسة")
        services.answer(official, proposal, ProposalStatus.ACCEPTED, "مقبول")
        services.answer(official, proposal, ProposalStatus.IMPLEMENTED, "أنجز")
    assert proposal.status == ProposalStatus.IMPLEMENTED
    assert Notification.objects.filter(recipient=follower, category="followed").count() == 3
    assert list(proposal.events.values_list("text", flat=True)) == ["قيد الدراسة", "مقبول", "أنجز"]


@pytest.mark.django_db
def test_merge_needs_another_proposal(official):
    proposal, target = make_proposal(), make_proposal(title="مشروع أكبر")
    with pytest.raises(ParticipationError):
        services.answer(official, proposal, ProposalStatus.MERGED, "دمج")
    services.answer(official, proposal, ProposalStatus.MERGED, "دمج", merged_into=target)
    assert proposal.merged_into == target


# --- Supports ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_support_once_withdraw_and_count(proposal, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.support(resident, proposal) is True
        assert services.support(resident, proposal) is False  # a double submit
    proposal.refresh_from_db()
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert proposal.support_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.withdraw_support(resident, proposal) is True
    proposal.refresh_from_db()
    assert proposal.support_count == 0


@pytest.mark.django_db
def test_support_over_http(client, proposal, resident, django_capture_on_commit_callbacks):
    client.force_login(resident)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/ar/proposals/{proposal.pk}/support/", {"action": "support"})
        assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'name="action" value="withdraw"' in page


@pytest.mark.parametrize("who", ["visitor", "unverified", "author"])
@pytest.mark.django_db
def test_who_cannot_support(client, who, proposal, unverified_resident):
    if who == "unverified":
        client.force_login(unverified_resident)
    elif who == "author":
        client.force_login(proposal.author)
    response = client.post(f"/ar/proposals/{proposal.pk}/support/", {"action": "support"})
    assert response.status_code in {302, 403}
    assert not Support.objects.filter(proposal=proposal).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")  # the site skeleton, built again after a flush
def test_fifty_threads_ten_residents_make_exactly_ten_supports():
    # What it needs: a published proposal (its category and arrondissement are the skeleton's)
    # and ten residents.
    proposal = make_proposal()
    residents = [ResidentFactory() for _ in range(10)]
    barrier = threading.Barrier(50)
    errors = []

    def click(user):
        try:
            barrier.wait(timeout=30)
            services.support(user, proposal)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(residents[i % 10],)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Support.objects.filter(proposal=proposal).count() == 10
    proposal.refresh_from_db()
    assert proposal.support_count == 10


# --- Permissions ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "visitor", "resident", "author", "moderator"),
    [
        ("draft", False, False, True, True),
        ("pending", False, False, True, True),
        ("returned", False, False, True, True),
        ("published", True, True, True, True),
        ("rejected", True, True, True, True),
    ],
)
def test_who_reads_what(status, visitor, resident, author, moderator):
    owner = ResidentFactory()
    proposal = make_proposal(owner, status=status)
    from tests.factories import make_moderator

    readers = {
        "visitor": AnonymousUser(),
        "resident": ResidentFactory(),
        "author": owner,
        "moderator": make_moderator(),
    }
    expected = {"visitor": visitor, "resident": resident, "author": author, "moderator": moderator}
    assert {
        role: user.has_perm("proposals.read_proposal", proposal) for role, user in readers.items()
    } == expected


@pytest.mark.django_db
def test_author_edits_until_the_first_support(client, resident):
    proposal = make_proposal(resident)
    assert resident.has_perm("proposals.edit_proposal", proposal)
    services.support(ResidentFactory(), proposal)
    counts.record_support_count(proposal.pk)
    proposal.refresh_from_db()
    assert not resident.has_perm("proposals.edit_proposal", proposal)
    client.force_login(resident)
    assert client.get(f"/ar/proposals/{proposal.pk}/edit/").status_code == 403
    response = client.post(f"/ar/proposals/{proposal.pk}/updates/", {"text": "بدأنا جمع التوقيعات"})
    assert response.status_code == 302
    assert proposal.events.filter(kind="update", text="بدأنا جمع التوقيعات").exists()


@pytest.mark.django_db
def test_only_moderators_and_officials_review_in_the_admin(client, moderator, official):
    proposal = make_proposal(status=ProposalStatus.PENDING)
    client.force_login(ResidentFactory())
    assert client.get(f"/staff/proposals/review/{proposal.pk}/").status_code in {302, 403}
    client.force_login(moderator)
    response = client.post(f"/staff/proposals/review/{proposal.pk}/", {"action": "publish"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED
    client.force_login(official)
    response = client.post(
        f"/staff/proposals/review/{proposal.pk}/",
        {"action": "answer", "status": "rejected", "text": "خارج اختصاص الجماعة"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED


@pytest.mark.django_db
def test_answer_without_text_redisplays_with_an_error(client, official):
    proposal = make_proposal()
    client.force_login(official)
    response = client.post(
        f"/staff/proposals/review/{proposal.pk}/", {"action": "answer", "status": "accepted"}
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED


# --- Submitting -------------------------------------------------------------------------------


def form_data(**overrides):
    return {
        "title": "Bancs publics place Bab Lamrissa",
        "body": "Installer des bancs à l'ombre pour les personnes âgées.",
        "category": ProposalCategory.objects.canonical().get(slug="environment").pk,
        "arrondissement": Arrondissement.objects.canonical().get(slug="bab-lamrissa").pk,
        "tags": "bancs, seniors",
        "latitude": "34.040200",
        "longitude": "-6.823100",
        "image_description": "",
        "action": "submit",
        **overrides,
    }


@pytest.mark.django_db
def test_submit_over_http_with_a_photo_reencoded(client, resident):
    client.force_login(resident)
    data = form_data(image=image_file(exif=True, size=(3000, 2000)))
    response = client.post("/fr/proposals/new/", data)
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Bancs publics place Bab Lamrissa")
    assert proposal.status == ProposalStatus.PENDING
    assert sorted(tag.name for tag in proposal.tags.all()) == ["bancs", "seniors"]
    assert float(proposal.latitude) == pytest.approx(34.0402)
    with Image.open(proposal.image.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 1600
        assert 0x010F not in stored.getexif()


@pytest.mark.django_db
def test_save_a_draft_and_come_back(client, resident):
    client.force_login(resident)
    response = client.post("/ar/proposals/new/", form_data(action="draft"))
    proposal = Proposal.objects.get(author=resident)
    assert proposal.status == ProposalStatus.DRAFT
    assert response["Location"] == f"/ar/proposals/{proposal.pk}/edit/"
    assert "Bancs publics" in client.get("/ar/proposals/mine/").content.decode()
    assert client.get(proposal.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image", content_type="image/png"),
            "pas une image",
        ),
        (
            SimpleUploadedFile(
                "huge.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10), content_type="image/jpeg"
            ),
            "5 MB",
        ),
    ],
)
def test_bad_images_are_refused_with_a_message_and_nothing_lost(client, resident, upload, message):
    client.force_login(resident)
    response = client.post("/fr/proposals/new/", form_data(image=upload))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Bancs publics place Bab Lamrissa" in content  # what was typed is kept
    assert not Proposal.objects.filter(author=resident).exists()


@pytest.mark.django_db
def test_required_fields_are_explained(client, resident):
    client.force_login(resident)
    response = client.post("/ar/proposals/new/", form_data(title="", category=""))
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_unverified_residents_cannot_propose(client):
    client.force_login(UnverifiedResidentFactory())
    assert client.get("/ar/proposals/new/").status_code == 403


# --- Browsing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_filters_and_sorts_have_shareable_urls(client):
    park = make_proposal(
        title="حديقة الحي",
        category=ProposalCategory.objects.canonical().get(slug="environment"),
        support_count=5,
    )
    light = make_proposal(title="أعمدة الضوء", body="أعمدة", support_count=9)
    make_proposal(title="مسودة", status=ProposalStatus.DRAFT)
    content = client.get("/ar/proposals/?category=environment").content.decode()
    assert park.title in content and light.title not in content
    content = client.get("/ar/proposals/?sort=supported").content.decode()
    assert content.index(light.title) < content.index(park.title)
    assert "مسودة" not in client.get("/ar/proposals/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found", "missed"),
    [("إنارة", "إنارة شارع المسيرة", "Piste cyclable"), ("cyclable", "Piste cyclable", "إنارة")],
)
def test_search_in_arabic_and_french(client, query, found, missed):
    make_proposal(title="إنارة شارع المسيرة", body="أعمدة جديدة")
    make_proposal(title="Piste cyclable", body="Vers la gare de Salé")
    content = client.get("/fr/proposals/", {"q": query}).content.decode()
    assert found in content and missed not in content


@pytest.mark.django_db
def test_similar_titles_are_suggested(client):
    make_proposal(title="إنارة شارع المسيرة")
    make_proposal(title="Piste cyclable")
    data = client.get("/ar/proposals/similar/", {"title": "إنارة الحي"}).json()
    titles = [r["title"] for r in data["results"]]
    assert "إنارة شارع المسيرة" in titles and "Piste cyclable" not in titles
    assert client.get("/ar/proposals/similar/", {"title": "x"}).json() == {"results": []}


@pytest.mark.django_db
def test_open_data_has_no_personal_data(client):
    author = ResidentFactory(display_name="Nadia Benali", email="nadia.b@sale.example")
    make_proposal(author, title="ممر للراجلين")
    make_proposal(author, title="Brouillon secret", status=ProposalStatus.DRAFT)
    csv_text = b"".join(client.get("/fr/proposals/open-data/proposals.csv").streaming_content)
    csv_text = csv_text.decode()
    data = json.loads(
        b"".join(client.get("/fr/proposals/open-data/proposals.json").streaming_content)
    )
    for text in (csv_text, json.dumps(data, ensure_ascii=False)):
        assert "ممر للراجلين" in text
        assert "Nadia" not in text and "nadia.b@" not in text and "Brouillon secret" not in text
    row = next(p for p in data["proposals"] if p["title"] == "ممر للراجلين")
    assert row["category"] == "Mobilité et voirie"


@pytest.mark.django_db
def test_feeds(client):
    make_proposal(title="Jardin partagé")
    rss = client.get("/fr/proposals/feed/rss/")
    atom = client.get("/fr/proposals/feed/atom/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Jardin partagé" in rss.content.decode() and "Jardin partagé" in atom.content.decode()


@pytest.mark.django_db
def test_map_page_lists_located_proposals(client):
    make_proposal(title="Placé", latitude="34.05", longitude="-6.80")
    make_proposal(title="Sans lieu")
    content = client.get("/fr/proposals/map/").content.decode()
    assert "Placé" in content and '"lat": 34.05' in content
    assert "Sans lieu" not in content


def _count_queries(client, url):
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_list_queries_constant_with_1000_proposals(client, resident):
    categories = list(ProposalCategory.objects.canonical())
    authors = [ResidentFactory() for _ in range(5)]

    def add(count, offset):
        Proposal.objects.bulk_create(
            Proposal(
                title=f"مقترح {offset + i}",
                body="نص",
                category=categories[i % 9],
                arrondissement=Arrondissement.objects.canonical()[i % 5],
                author=authors[i % 5],
                status=ProposalStatus.PUBLISHED,
            )
            for i in range(count)
        )
        for proposal in Proposal.objects.order_by("-pk")[:count][:20]:
            proposal.tags.add("tag-a", "tag-b")

    client.force_login(resident)
    add(30, 0)
    small = _count_queries(client, "/ar/proposals/?sort=trending")
    add(970, 1000)
    assert Proposal.objects.public().count() >= 1000
    assert _count_queries(client, "/ar/proposals/?sort=trending") == small


@pytest.mark.django_db
def test_detail_queries_constant_with_500_supports_and_comments(client, resident):
    from django.contrib.contenttypes.models import ContentType

    from participation.models import Comment

    proposal = make_proposal()
    content_type = ContentType.objects.get_for_model(Proposal)
    first = ResidentFactory()
    Support.objects.create(proposal=proposal, user=first)
    Comment.objects.create(
        content_type=content_type, object_id=proposal.pk, author=first, body="أول تعليق"
    )
    client.force_login(resident)
    small = _count_queries(client, proposal.get_absolute_url())
    users = [ResidentFactory() for _ in range(25)]
    Support.objects.bulk_create(Support(proposal=proposal, user=user) for user in users)
    Comment.objects.bulk_create(
        Comment(
            content_type=content_type,
            object_id=proposal.pk,
            author=users[i % 25],
            body=f"تعليق {i}",
        )
        for i in range(500)
    )
    proposal.support_count = 25
    proposal.save()
    assert _count_queries(client, proposal.get_absolute_url()) == small


@pytest.mark.django_db
def test_staff_see_the_proposal_queue(client, moderator, official):
    make_proposal(title="في انتظار المراجعة", status=ProposalStatus.PENDING)
    for user in (moderator, official):
        client.force_login(user)
        response = client.get("/staff/proposals/")
        assert response.status_code == 200
        assert "في انتظار المراجعة" in response.content.decode()


@pytest.mark.django_db
def test_a_proposal_is_reported_and_withdrawn_by_moderators(client, moderator):
    author = ResidentFactory()
    proposal = make_proposal(author, title="إشهار لمحل تجاري")
    reporter = ResidentFactory()
    client.force_login(author)
    assert client.get(f"/ar/threads/{proposal.thread_key}/report/").status_code == 403
    client.force_login(reporter)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f"/ar/threads/{proposal.thread_key}/report/" in page
    response = client.post(f"/ar/threads/{proposal.thread_key}/report/", {"reason": "spam"})
    assert response.status_code == 302
    from participation import services as core

    core.resolve_reports(moderator, proposal, "hidden", "إشهار تجاري")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert Notification.objects.filter(recipient=reporter, category="moderation").exists()
    assert Notification.objects.filter(recipient=author, category="moderation").exists()


@pytest.mark.django_db
def test_the_form_offers_tags_already_in_use(client, resident, proposal_factory):
    proposal_factory(tags=["إنارة"])
    client.force_login(resident)
    content = client.get("/ar/proposals/new/").content.decode()
    assert 'data-tag="إنارة"' in content


@pytest.mark.django_db
def test_a_burst_of_supports_queues_one_recount_at_a_time(
    queued_tasks, django_capture_on_commit_callbacks
):
    def queued():
        return [result.args[0] for result in queued_tasks("refresh_support_count")]

    proposal = make_proposal()
    with django_capture_on_commit_callbacks(execute=True):
        for resident in [ResidentFactory() for _ in range(5)]:
            assert services.support(resident, proposal)
    assert queued() == [proposal.pk]  # one pass counts the five

    assert counts.record_support_count(proposal.pk) == 5  # the pass clears the marker…
    with django_capture_on_commit_callbacks(execute=True):
        services.support(ResidentFactory(), proposal)
    assert queued() == [proposal.pk, proposal.pk]  # …so the next support queues another


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_a_support_its_follow_and_its_recount_are_one_statement(
    queued_tasks, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    proposal, resident = make_proposal(), ResidentFactory()
    ContentType.objects.get_for_model(proposal)  # known to the process, as in a server
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(1):
        assert services.support(resident, proposal) is True
    assert Follow.objects.filter(user=resident, object_id=proposal.pk, automatic=True).exists()
    assert QueuedRecount.objects.filter(marker=counts.recount_key(proposal.pk)).exists()
    assert [result.args for result in queued_tasks("refresh_support_count")] == [[proposal.pk]]
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(1):
        assert services.support(resident, proposal) is False  # a double submit adds nothing
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert len(queued_tasks("refresh_support_count")) == 1


@pytest.mark.django_db
def test_supporting_reads_the_proposal_once_per_change(client):
    from django.test.utils import CaptureQueriesContext

    proposal = make_proposal()
    first, second = ResidentFactory(), ResidentFactory()
    client.force_login(first)
    client.post(f"/ar/proposals/{proposal.pk}/support/", {"action": "support"})
    client.force_login(second)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/ar/proposals/{proposal.pk}/support/", {"action": "support"})
    assert response.status_code == 302
    assert Support.objects.filter(proposal=proposal, user=second).exists()
    assert not any('FROM "proposals_proposal"' in query["sql"] for query in captured)
