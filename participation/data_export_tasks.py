"""The background side of "Download my data": queueing an export, building it once, telling the
resident, and deleting the files once their link has expired (docs/architecture.md, "Background
work"; participation/data_export.py says what an export holds)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from participation.data_export import build_archive
from participation.models import DataExport, Notification, NotificationCategory
from participation.notifications import notify_many
from participation.services import audit

# How long the download link stays valid (the file is then deleted).
DATA_EXPORT_VALID_DAYS = 7


# An export still not built after this long failed (its task raised): the resident may ask again.
DATA_EXPORT_GIVEN_UP_AFTER = timedelta(days=1)


def pending_export(user):
    """The export of ``user`` being prepared, if any."""
    since = timezone.now() - DATA_EXPORT_GIVEN_UP_AFTER
    return DataExport.objects.filter(
        user=user, ready_at__isnull=True, created_at__gte=since
    ).first()


@transaction.atomic
def request_export(user):
    """Queue an export of everything Sharik holds about ``user``; an export already being
    prepared is returned instead of queueing a second. Returns ``(export, created)``."""
    # One request at a time per resident: their row is the lock.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    export = pending_export(user)
    if export is not None:
        return export, False
    export = DataExport.objects.create(user=user)
    audit(user, "data_export.requested", export)
    transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export, True


@task()
def build_data_export(export_id):
    """Build the export's zip, store it under a random name in private storage and tell the
    resident. Idempotent: an export already built is left as it is and nobody is told twice
    (the notification's key)."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.ready_at is not None:
            return False
        export.file.save("export.zip", ContentFile(build_archive(export.user)), save=False)
        export.ready_at = timezone.now()
        export.expires_at = export.ready_at + timedelta(days=DATA_EXPORT_VALID_DAYS)
        export.save(update_fields=["file", "ready_at", "expires_at"])
        tell_resident(export)
    return True


def tell_resident(export):
    """A notification on the site, and an email if they have an address and want news at once
    (their notification settings), once per export."""
    user = export.user
    key = f"data-export:{export.pk}"

    def message():
        return _("Your data is ready. You can download it until %(date)s.") % {
            "date": formats.date_format(timezone.localtime(export.expires_at), "DATETIME_FORMAT")
        }

    def url(language):
        with translation.override(language):
            return f"{reverse('profile')}#my-data"

    if user.email:
        notify_many([user], NotificationCategory.FOLLOWED_ACTIVITY, message, url, key=key)
        return
    # An account opened at a counter without an address: on the site only.
    with translation.override(user.preferred_language):
        Notification.objects.get_or_create(
            key=key,
            recipient=user,
            defaults={
                "category": NotificationCategory.FOLLOWED_ACTIVITY,
                "message": str(message())[:500],
                "url": url(user.preferred_language),
            },
        )


def delete_expired_exports(now=None):
    """Delete the files of exports whose link has expired; the rows stay, as the record of the
    request. Returns how many files were deleted."""
    now = now or timezone.now()
    expired = DataExport.objects.filter(expires_at__lte=now).exclude(file="")
    deleted = 0
    for export in expired.iterator():
        export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(file="")
        deleted += 1
    return deleted
