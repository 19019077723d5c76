"""Background work of the core, through Django's task interface (the django-tasks backport).

Embedded: tasks run at once. Production: the database backend stores them and
``manage.py worker`` runs them, so no request waits on an SMTP server.
"""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
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
