"""Builders of events tests: the Arabic events index and events under it."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from cms.models import HomePage
from events.models import EventIndexPage, EventKind, EventPage


def event_index():
    """The Arabic events index, created (published) if the site has none."""
    home = HomePage.objects.get(locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    existing = EventIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    index = EventIndexPage(title="اللقاءات والأنشطة", slug="events", show_in_menus=True)
    home.add_child(instance=index)
    return EventIndexPage.objects.get(pk=index.pk)


class EventPageFactory(DjangoModelFactory):
    """A forum meeting in ten days at the town hall of Tabriquet, with ``capacity`` places."""

    class Meta:
        model = EventPage

    title = "لقاء المنتدى: الإدارة الرقمية"
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.FORUM
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "مقر مقاطعة تابريكت"
    summary = "لقاء تشاوري حول رقمنة خدمات الجماعة."
    capacity = 3
    companions_allowed = 1

    @classmethod
    def _create(cls, model_class, *args, **fields):
        event = model_class(**fields)
        event_index().add_child(instance=event)
        return model_class.objects.get(pk=event.pk)
