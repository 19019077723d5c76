"""Follows and notifications: the centre, unread count, preferences, immediate email, digest."""

import pytest
from django.core import mail
from django.core.management import call_command

from participation import services
from participation.models import Follow, Notification, NotificationPreference
from participation.notifications import notify_followers, send_daily_digests
from tests.factories import ResidentFactory


@pytest.mark.django_db
def test_follow_is_idempotent_and_unfollow_removes(discussion, resident):
    services.follow(resident, discussion)
    _follow, created = services.follow(resident, discussion)
    assert created is False
    assert Follow.objects.filter(user=resident).count() == 1
    services.unfollow(resident, discussion)
    assert not services.is_following(resident, discussion)


@pytest.mark.django_db
def test_following_automatically_says_whether_it_started_and_keeps_a_chosen_follow(
    discussion, resident
):
    assert services.follow_automatically(resident, discussion) is True
    assert services.follow_automatically(resident, discussion) is False
    assert Follow.objects.get(user=resident).automatic is True
    chooser = ResidentFactory()
    services.follow(chooser, discussion)  # followed by choice, before taking part
    assert services.follow_automatically(chooser, discussion) is False
    assert Follow.objects.get(user=chooser).automatic is False


@pytest.mark.django_db
def test_a_first_comment_starts_following_and_a_second_does_not(discussion, resident):
    _comment, started = services.post_comment(resident, discussion, "تعليق أول")
    assert started is True
    _comment, started = services.post_comment(resident, discussion, "تعليق ثان")
    assert started is False
    assert Follow.objects.filter(user=resident).count() == 1


@pytest.mark.django_db
def test_follow_button_over_http(client, discussion, resident):
    client.force_login(resident)
    client.post(f"/fr/threads/{discussion.thread_key}/follow/", {"action": "follow"})
    assert services.is_following(resident, discussion)
    page = client.get(discussion.url).content.decode()
    assert 'aria-pressed="true"' in page


@pytest.mark.django_db
def test_follow_rate_limit(client, discussion, resident, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "follow": "2/m/user"}
    client.force_login(resident)
    statuses = [
        client.post(
            f"/ar/threads/{discussion.thread_key}/follow/", {"action": "follow"}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]


@pytest.mark.django_db
def test_followers_are_notified_in_their_own_language(
    discussion, django_capture_on_commit_callbacks
):
    arabic = ResidentFactory(preferred_language="ar")
    french = ResidentFactory(preferred_language="fr")
    for user in (arabic, french):
        services.follow(user, discussion)
    from django.utils.translation import gettext

    with django_capture_on_commit_callbacks(execute=True):
        notify_followers(
            discussion, "followed", lambda: gettext("Log in"), url=discussion.url, key="news"
        )
    assert Notification.objects.get(recipient=arabic).message == "تسجيل الدخول"
    assert Notification.objects.get(recipient=french).message == "Se connecter"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([arabic.email, french.email])


@pytest.mark.django_db
def test_notification_centre_unread_count_and_mark_read(client, discussion, resident):
    other = ResidentFactory()
    comment, _ = services.post_comment(resident, discussion, "سؤال")
    services.post_comment(other, discussion, "جواب 1", parent=comment)
    services.post_comment(other, discussion, "جواب 2", parent=comment)
    client.force_login(resident)
    header = client.get("/ar/").content.decode()
    assert 'class="badge badge--count"' in header and ">2<" in header
    page = client.get("/ar/notifications/").content.decode()
    assert page.count("notification--unread") == 2
    first = Notification.objects.filter(recipient=resident).first()
    client.post("/ar/notifications/", {"notification": first.pk})
    assert Notification.objects.filter(recipient=resident, read_at__isnull=True).count() == 1
    client.post("/ar/notifications/")
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_notifications_of_others_are_not_shown_or_marked(client, resident, notification_factory):
    notification_factory(message="سري")  # to another resident
    client.force_login(resident)
    assert "سري" not in client.get("/ar/notifications/").content.decode()
    client.post("/ar/notifications/", {"notification": Notification.objects.get().pk})
    assert Notification.objects.get().read_at is None


@pytest.mark.django_db
def test_settings_choose_email_per_category(client, resident):
    client.force_login(resident)
    response = client.post(
        "/fr/notifications/settings/",
        {"reply": "daily", "followed": "never", "moderation": "immediately"},
    )
    assert response.status_code == 302
    preferences = dict(
        NotificationPreference.objects.filter(user=resident).values_list(
            "category", "email_frequency"
        )
    )
    assert preferences == {"reply": "daily", "followed": "never", "moderation": "immediately"}


@pytest.mark.django_db
def test_settings_reject_an_unknown_choice(client, resident):
    client.force_login(resident)
    response = client.post(
        "/fr/notifications/settings/", {"reply": "hourly", "followed": "never", "moderation": "x"}
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not NotificationPreference.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_daily_digest_groups_pending_notifications(discussion, django_capture_on_commit_callbacks):
    daily = ResidentFactory(preferred_language="fr", display_name="Salma")
    never = ResidentFactory()
    for user, frequency in ((daily, "daily"), (never, "never")):
        NotificationPreference.objects.create(
            user=user, category="reply", email_frequency=frequency
        )
    author = ResidentFactory(display_name="Youssef")
    with django_capture_on_commit_callbacks(execute=True):
        for user in (daily, never):
            comment, _ = services.post_comment(user, discussion, "سؤال")
            services.post_comment(author, discussion, "رد أول", parent=comment)
            services.post_comment(author, discussion, "رد ثان", parent=comment)
    assert mail.outbox == []  # nothing sent at once to either

    assert send_daily_digests.call() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [daily.email]
    assert "2" in digest.subject and "résumé" in digest.subject.lower()
    assert "Bonjour Salma" in digest.body
    assert digest.body.count("Youssef") == 2
    assert f"{discussion.url}#comment-" in digest.body
    assert "/fr/notifications/settings/" in digest.body
    # Sent once: a second run has nothing left to send.
    assert send_daily_digests.call() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_send_digests_command_runs_the_digest(
    discussion, notification_preference_factory, notification_factory
):
    daily = notification_preference_factory(category="moderation", email_frequency="daily").user
    notification_factory(recipient=daily, category="moderation", message="قرار")
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [[daily.email]]


@pytest.mark.django_db
def test_notification_links_open_in_the_recipients_language():
    from django.utils import translation

    from participation.models import NotificationCategory
    from participation.notifications import notify
    from tests.factories import ResidentFactory

    french = ResidentFactory(preferred_language="fr")
    with translation.override("ar"):  # the actor browses in Arabic
        notification = notify(
            french, NotificationCategory.MODERATION, lambda: "…", url="/ar/petitions/7/"
        )
    assert notification.url == "/fr/petitions/7/"
    assert notify(french, NotificationCategory.MODERATION, lambda: "…", url="").url == ""
