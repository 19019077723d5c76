"""Background work of the core, through Django's task interface (the django-tasks backport).

Embedded: tasks run at once. Production: the database backend stores them and
``manage.py worker`` runs them, so no request waits on an SMTP server.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task


@task()
def send_email(subject, body, from_email, to, html_body=None, headers=None):
    """Send one email message. Arguments are plain data so the task can be stored and retried."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def queue_email(message):
    """Queue an ``EmailMessage`` for sending once the current transaction commits."""
    html_body = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    arguments = {
        "subject": str(message.subject),
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html_body": html_body,
        "headers": dict(message.extra_headers),
    }
    transaction.on_commit(lambda: send_email.enqueue(**arguments))


def queue_recount(recount, marker, *args):
    """Queue the task ``recount(*args)`` unless one is already queued (``marker``, a cache key,
    says so; the task deletes it as it starts counting, so a write committed after that queues
    another). Where the backend can defer tasks, the recount starts
    ``SHARIK_RECOUNT_DELAY_SECONDS`` later: the writes of that moment share one pass instead of
    queueing one each (docs/architecture.md, "Counting")."""
    if not cache.add(marker, 1, timeout=10):
        return
    if recount.get_backend().supports_defer and settings.SHARIK_RECOUNT_DELAY_SECONDS:
        delay = timedelta(seconds=settings.SHARIK_RECOUNT_DELAY_SECONDS)
        recount = recount.using(run_after=timezone.now() + delay)
    recount.enqueue(*args)
