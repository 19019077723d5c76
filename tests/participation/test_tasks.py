"""Background work: emails leave through the task queue, and the production worker runs them."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command

from participation.tasks import queue_email


def message():
    email = EmailMultiAlternatives("موضوع", "نص الرسالة", "sharik@sale.example", ["a@sale.example"])
    email.attach_alternative("<p>نص الرسالة</p>", "text/html")
    return email


@pytest.mark.django_db
def test_email_is_not_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(message())
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_immediate_backend_sends_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message())
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "موضوع"
    assert sent.alternatives[0].content == "<p>نص الرسالة</p>"


@pytest.mark.django_db(transaction=True)
def test_database_worker_delivers_queued_email(settings):
    """With the production backend the request only stores the task; `db_worker` sends it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queue_email(message())  # autocommit: on_commit runs at once, the task is stored
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
