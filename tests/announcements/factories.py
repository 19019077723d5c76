"""Factories of announcements: a resident who agreed to receive them, a member of staff who
writes and sends them (the permissions the "Officials" role is to hold), and an announcement
with its texts."""

import factory
from django.contrib.auth.models import Permission
from factory.django import DjangoModelFactory

from announcements.apps import CONSENT_PURPOSE
from announcements.models import Announcement, AnnouncementText, AudienceKind
from participation import consents
from tests.participation.factories import ResidentFactory

TEXTS = {
    "ar": ("أشغال في شارع الحسن الثاني", "تبدأ الأشغال يوم الاثنين."),
    "fr": (
        "Travaux avenue Hassan II",
        "Les travaux commencent lundi.\n\nDétails : https://sale.ma/",
    ),
}


class OptedInResidentFactory(ResidentFactory):
    """A resident (confirmed address) who agreed to receive the commune's announcements."""

    @factory.post_generation
    def announcements_consent(self, create, extracted, **kwargs):
        if create:
            consents.give(self, CONSENT_PURPOSE)


class AnnouncementSenderFactory(ResidentFactory):
    """A member of staff who writes and sends announcements."""

    display_name = "مصلحة التواصل"
    is_staff = True

    @factory.post_generation
    def announcement_permissions(self, create, extracted, **kwargs):
        if create:
            self.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="announcements",
                    codename__in=[
                        "add_announcement",
                        "change_announcement",
                        "view_announcement",
                        "send_announcement",
                    ],
                ),
                Permission.objects.get(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                ),
            )


class AnnouncementFactory(DjangoModelFactory):
    """A draft to every resident who opted in, in Arabic and French (``texts={...}``: others)."""

    class Meta:
        model = Announcement
        skip_postgeneration_save = True

    audience = AudienceKind.EVERYONE
    created_by = factory.SubFactory(AnnouncementSenderFactory)

    @factory.post_generation
    def texts(self, create, extracted, **kwargs):
        if create:
            for language, (subject, body) in (extracted or TEXTS).items():
                AnnouncementText.objects.create(
                    announcement=self, language=language, subject=subject, body=body
                )
