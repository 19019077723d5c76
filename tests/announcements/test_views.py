"""The staff's screens (write, preview, send once, progress) and who reaches them; the
residents' link to stop the announcements, without logging in."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from announcements.apps import CONSENT_PURPOSE
from announcements.emails import unsubscribe_token
from announcements.models import Announcement, AnnouncementStatus, AudienceKind
from participation import consents
from participation.models import Arrondissement, AuditLogEntry
from tests.announcements.factories import OptedInResidentFactory
from tests.participation.factories import EditorFactory, ModeratorFactory, ResidentFactory

pytestmark = pytest.mark.django_db

FORM = {
    "audience": AudienceKind.EVERYONE,
    "subject_ar": "انقطاع الماء",
    "body_ar": "ينقطع الماء يوم الثلاثاء.",
    "subject_fr": "Coupure d'eau",
    "body_fr": "L'eau sera coupée mardi.",
}


def admin_url(name, *args):
    return reverse(f"announcements_admin:{name}", args=args)


@pytest.mark.parametrize(
    "who", ["anonymous", "resident", "editor", "moderator"], ids=lambda who: who
)
@pytest.mark.parametrize("screen", ["index", "add", "preview", "send", "progress"])
def test_only_those_who_write_or_send_announcements_reach_the_screens(
    client, who, screen, announcement
):
    make = {
        "resident": ResidentFactory,
        "editor": EditorFactory,
        "moderator": ModeratorFactory,
    }.get(who)
    if make:
        client.force_login(make())
    args = [] if screen in {"index", "add"} else [announcement.pk]

    response = client.get(admin_url(screen, *args))

    assert response.status_code in {302, 403}
    if response.status_code == 302:  # to log in, or the admin's home with "no permission"
        assert response.url.split("?")[0] in {
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_home"),
        }


def test_the_menu_and_the_list_for_a_sender(client, announcement_sender, announcement):
    client.force_login(announcement_sender)
    response = client.get(admin_url("index"))
    assert response.status_code == 200
    assert str(announcement) in response.content.decode()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert admin_url("index") in dashboard


def test_the_list_costs_the_same_queries_whatever_its_length(
    client, announcement_sender, announcement_factory
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from taggit.models import Tag

    from tests.plan.factories import AxisPageFactory

    client.force_login(announcement_sender)
    axis = AxisPageFactory()
    tag = Tag.objects.create(name="إنارة", slug="inara")
    bettana = Arrondissement.objects.canonical().get(slug="bettana")

    def make_some():
        announcement_factory(created_by=announcement_sender)
        announcement_factory(audience=AudienceKind.AXIS, axis=axis)
        announcement_factory(audience=AudienceKind.TAG, tag=tag)
        announcement_factory(audience=AudienceKind.ARRONDISSEMENT, arrondissement=bettana)

    make_some()
    client.get(admin_url("index"))  # the admin's own first-request reads
    with CaptureQueriesContext(connection) as few:
        assert client.get(admin_url("index")).status_code == 200
    for _ in range(3):
        make_some()
    with CaptureQueriesContext(connection) as more:
        page = client.get(admin_url("index"))
    assert len(page.context["announcements"]) == 16
    assert len(more) == len(few)


def test_writing_redisplays_what_was_typed_on_an_error(client, announcement_sender):
    client.force_login(announcement_sender)
    form = {**FORM, "body_fr": "", "audience": AudienceKind.ARRONDISSEMENT}

    response = client.post(admin_url("add"), form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "انقطاع الماء" in page  # kept
    assert 'id="error-summary"' in page
    assert not Announcement.objects.exists()


def test_write_preview_send_once_progress(
    client, announcement_sender, django_capture_on_commit_callbacks
):
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    in_bettana = OptedInResidentFactory(arrondissement=bettana, preferred_language="fr")
    OptedInResidentFactory(arrondissement=Arrondissement.objects.canonical().get(slug="hssaine"))
    client.force_login(announcement_sender)

    response = client.post(
        admin_url("add"),
        {**FORM, "audience": AudienceKind.ARRONDISSEMENT, "arrondissement": bettana.pk},
    )
    announcement = Announcement.objects.get()
    assert response.url == admin_url("preview", announcement.pk)
    assert announcement.created_by == announcement_sender

    preview = client.get(admin_url("preview", announcement.pk)).content.decode()
    assert "Coupure d&#x27;eau" in preview and "انقطاع الماء" in preview
    assert "L&#x27;eau sera coupée mardi." in preview
    assert 'id="audience-size">مواطن واحد<' in preview  # one: the word says it
    # The languages without a text, listed with the Arabic comma in an Arabic sentence, each
    # isolated (else the Latin and Tifinagh names show in the wrong order, right to left).
    assert (
        "يتلقى السكان الذين يقرؤون <bdi>ⵜⴰⵎⴰⵣⵉⵖⵜ</bdi>، <bdi>English</bdi> النص العربي." in preview
    )

    assert client.get(admin_url("send", announcement.pk)).status_code == 200
    unconfirmed = client.post(admin_url("send", announcement.pk), {})
    assert unconfirmed.status_code == 200
    assert Announcement.objects.get().status == AnnouncementStatus.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(admin_url("send", announcement.pk), {"confirm": "on"})
        again = client.post(admin_url("send", announcement.pk), {"confirm": "on"})
    assert sent.url == admin_url("progress", announcement.pk)
    assert again.status_code in {302, 403}  # a sent announcement is not sent again
    assert [m.to for m in mail.outbox] == [[in_bettana.email]]
    assert mail.outbox[0].subject == "Coupure d'eau"
    assert AuditLogEntry.objects.filter(action="announcement.sent").count() == 1

    progress = client.get(admin_url("progress", announcement.pk))
    assert progress.context["counts"] == {"sent": 1, "failed": 0, "interrupted": 0, "total": 1}
    assert progress.context["percent"] == 100
    assert client.get(admin_url("edit", announcement.pk)).status_code in {302, 403}


def test_a_subject_is_one_line(client, announcement_sender):
    client.force_login(announcement_sender)
    response = client.post(admin_url("add"), {**FORM, "subject_fr": "Coupure\r\nBcc: x@y.example"})
    assert response.status_code == 200
    assert "subject_fr" in response.context["form"].errors
    assert not Announcement.objects.exists()


def test_staff_writes_are_rate_limited(client, announcement_sender, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "announcement": "2/h/user"}
    client.force_login(announcement_sender)
    statuses = [client.post(admin_url("add"), FORM).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert Announcement.objects.count() == 2


# --- The link to stop them ----------------------------------------------------------------------


def unsubscribe_url(user, language="fr", token=None):
    from django.utils import translation

    with translation.override(language):
        return reverse("announcement_unsubscribe", args=[token or unsubscribe_token(user.pk)])


def test_opening_the_link_changes_nothing_the_button_stops_them(client):
    resident = OptedInResidentFactory(preferred_language="fr")
    url = unsubscribe_url(resident)

    page = client.get(url)
    assert page.status_code == 200
    assert '<html lang="fr"' in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert consents.has_consented(resident, CONSENT_PURPOSE)  # a mail scanner opened it

    done = client.post(url)
    assert done.status_code == 200
    assert not consents.has_consented(resident, CONSENT_PURPOSE)
    assert client.get(url).context["state"] == "already"
    assert client.post(url).status_code == 200  # again: harmless


def test_one_click_from_the_mail_program_without_cookie_or_token():
    """RFC 8058: the mail provider POSTs ``List-Unsubscribe=One-Click``, without a session or a
    CSRF token."""
    resident = OptedInResidentFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_url(resident, "ar"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not consents.has_consented(resident, CONSENT_PURPOSE)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
        lambda token: token.split(":")[0],
    ],
    ids=["signature", "payload", "garbage", "truncated"],
)
def test_a_tampered_link_is_refused_without_an_error(client, tamper):
    resident = OptedInResidentFactory()
    url = unsubscribe_url(resident, token=tamper(unsubscribe_token(resident.pk)))

    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert consents.has_consented(resident, CONSENT_PURPOSE)


def test_a_link_for_another_resident_cannot_be_made():
    """The token names its resident; changing the id in it breaks the signature."""
    from django.core import signing

    resident, other = OptedInResidentFactory.create_batch(2)
    forged = signing.dumps({"u": other.pk, "p": CONSENT_PURPOSE}, salt="another salt")

    response = Client().post(unsubscribe_url(resident, token=forged))

    assert response.status_code == 400
    assert consents.has_consented(other, CONSENT_PURPOSE)


def test_an_expired_link_says_so(client, settings):
    settings.SHARIK_ANNOUNCEMENT_UNSUBSCRIBE_DAYS = 30
    resident = OptedInResidentFactory()
    url = unsubscribe_url(resident)

    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        response = client.post(url)

    assert response.status_code == 400
    assert consents.has_consented(resident, CONSENT_PURPOSE)
