"""Abuse reports and the moderators' decisions, in the staff admin, with the audit log."""

import pytest

from participation import services
from participation.models import AuditLogEntry, Notification, Report
from tests.factories import ResidentFactory


@pytest.fixture
def reported_comment(discussion, resident):
    comment, _ = services.post_comment(resident, discussion, "إعلان تجاري مزعج")
    return comment


@pytest.mark.django_db
def test_resident_reports_a_comment_once(client, reported_comment):
    reporter = ResidentFactory()
    client.force_login(reporter)
    for _ in range(2):  # a double submit files one report
        response = client.post(
            f"/ar/comments/{reported_comment.pk}/report/", {"reason": "spam", "details": "إشهار"}
        )
        assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.status) == (reporter, "spam", "open")


@pytest.mark.django_db
def test_report_without_reason_is_refused_with_a_message(client, reported_comment):
    client.force_login(ResidentFactory())
    response = client.post(f"/fr/comments/{reported_comment.pk}/report/", {"details": "gênant"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content and "gênant" in content
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_author_and_visitor_cannot_report(client, reported_comment, resident):
    assert client.get(f"/ar/comments/{reported_comment.pk}/report/").status_code == 302
    client.force_login(resident)
    assert client.get(f"/ar/comments/{reported_comment.pk}/report/").status_code == 403


@pytest.mark.django_db
def test_report_rate_limit(client, discussion, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "report": "2/m/user"}
    reporter = ResidentFactory()
    client.force_login(reporter)
    comments = [services.post_comment(ResidentFactory(), discussion, f"{i}")[0] for i in range(3)]
    statuses = [
        client.post(f"/ar/comments/{c.pk}/report/", {"reason": "spam"}).status_code
        for c in comments
    ]
    assert statuses == [302, 302, 429]
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_moderators_see_the_queue_residents_do_not(client, reported_comment, moderator):
    services.report(ResidentFactory(), reported_comment, "spam")
    client.force_login(moderator)
    queue = client.get("/staff/moderation/reports/")
    assert queue.status_code == 200
    assert "إعلان تجاري مزعج" in queue.content.decode()
    client.force_login(ResidentFactory())
    assert client.get("/staff/moderation/reports/").status_code in {302, 403}


@pytest.mark.django_db
def test_decision_hide_hides_tells_everyone_and_is_audited(client, reported_comment, moderator):
    reporters = [ResidentFactory(), ResidentFactory()]
    for reporter in reporters:
        services.report(reporter, reported_comment, "spam")
    client.force_login(moderator)
    report = Report.objects.first()
    response = client.post(
        f"/staff/moderation/reports/resolve/{report.pk}/",
        {"decision": "hidden", "note": "إشهار تجاري"},
    )
    assert response.status_code == 302
    reported_comment.refresh_from_db()
    assert reported_comment.is_hidden and reported_comment.hidden_reason == "إشهار تجاري"
    assert set(Report.objects.values_list("status", flat=True)) == {"hidden"}
    for reporter in reporters:
        assert Notification.objects.filter(recipient=reporter, category="moderation").exists()
    assert Notification.objects.filter(recipient=reported_comment.author).exists()
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"comment.hide", "report.hidden"} <= actions


@pytest.mark.django_db
def test_decision_keep_tells_the_reporter(reported_comment, moderator):
    reporter = ResidentFactory(preferred_language="fr")
    services.report(reporter, reported_comment, "off_topic")
    services.resolve_reports(moderator, reported_comment, "kept")
    reported_comment.refresh_from_db()
    assert not reported_comment.is_hidden
    message = Notification.objects.get(recipient=reporter).message
    assert "conserv" in message or "garde" in message or "maintenu" in message
    assert AuditLogEntry.objects.filter(action="report.kept", actor=moderator).exists()


@pytest.mark.django_db
def test_decision_warn_warns_the_author(reported_comment, moderator):
    services.report(ResidentFactory(), reported_comment, "abuse")
    services.resolve_reports(moderator, reported_comment, "warned", "لطفًا احترموا الميثاق")
    warning = Notification.objects.get(recipient=reported_comment.author)
    assert "لطفًا احترموا الميثاق" in warning.message


@pytest.mark.django_db
def test_a_resident_cannot_decide(client, reported_comment):
    services.report(ResidentFactory(), reported_comment, "spam")
    client.force_login(ResidentFactory())
    response = client.post(
        f"/staff/moderation/reports/resolve/{Report.objects.get().pk}/", {"decision": "hidden"}
    )
    assert response.status_code in {302, 403}
    reported_comment.refresh_from_db()
    assert not reported_comment.is_hidden


@pytest.mark.django_db
def test_audit_log_is_listed_for_moderators(client, reported_comment, moderator):
    services.hide_comment(moderator, reported_comment, "سبب")
    client.force_login(moderator)
    response = client.get("/staff/moderation/audit-log/")
    assert response.status_code == 200
    assert "comment.hide" in response.content.decode()
