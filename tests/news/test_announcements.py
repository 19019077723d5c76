"""When an article is first published, the followers of the consultations, projects and events
it concerns are told, each once, in their language, after the publication is committed."""

import pytest

from news.announcements import notify_followers_of_article
from participation.models import Notification, NotificationCategory
from participation.services import follow
from tests.cms.factories import translate_page
from tests.consultations.factories import ConsultationPageFactory
from tests.events.factories import EventPageFactory
from tests.news.factories import NewsPageFactory, translate_article
from tests.participation.factories import ResidentFactory
from tests.plan.factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


def messages_of(resident):
    return list(
        Notification.objects.filter(recipient=resident).values_list("message", "url", "category")
    )


def test_followers_of_each_linked_page_are_told_once_after_commit(
    django_capture_on_commit_callbacks,
):
    consultation = ConsultationPageFactory(title="الميزانية التشاركية 2027")
    project, event = ProjectPageFactory(), EventPageFactory()
    of_consultation = ResidentFactory(preferred_language="en")  # the messages' source language
    of_project, of_event, of_two, stranger = (ResidentFactory() for _ in range(4))
    follow(of_consultation, consultation)
    follow(of_project, project)
    follow(of_event, event)
    follow(of_two, consultation)
    follow(of_two, event)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = NewsPageFactory(
            title="انطلاق الاستشارة",
            consultations=[consultation],
            projects=[project],
            events=[event],
        )
        assert not Notification.objects.exists()  # nothing before the commit
    assert callbacks

    assert messages_of(of_consultation) == [
        (
            "News about “الميزانية التشاركية 2027”: انطلاق الاستشارة",
            article.url,
            NotificationCategory.FOLLOWED_ACTIVITY,
        )
    ]
    assert len(messages_of(of_project)) == len(messages_of(of_event)) == 1
    assert len(messages_of(of_two)) == 1  # follows two of them: told once
    assert messages_of(stranger) == []


def test_publishing_again_or_in_another_language_tells_no_one_twice(
    django_capture_on_commit_callbacks,
):
    consultation = ConsultationPageFactory()
    follower = ResidentFactory()
    follow(follower, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        article = NewsPageFactory(consultations=[consultation])
    assert Notification.objects.filter(recipient=follower).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "عنوان مصحح"
        article.save_revision().publish()
        translate_article(article, "fr")
    # Even the worker running the task again reaches no one twice.
    notify_followers_of_article(article.pk)
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_followers_are_told_in_their_language_with_the_article_in_their_language(
    django_capture_on_commit_callbacks,
):
    project = ProjectPageFactory(title="شارع محمد الخامس")
    follower = ResidentFactory(preferred_language="fr")
    follow(follower, project)
    with django_capture_on_commit_callbacks(execute=True):
        article = NewsPageFactory(title="تقدم الأشغال", projects=[project])
    # No French version yet: the link is the Arabic article.
    assert Notification.objects.get(recipient=follower).url == article.url

    other = ResidentFactory(preferred_language="fr")
    follow(other, project)
    with django_capture_on_commit_callbacks(execute=True):
        french = translate_article(article, "fr", title="Avancement des travaux")
    # The French version's first publication reaches whoever was not told yet, in French.
    assert Notification.objects.get(recipient=other).url == french.url
    assert "Avancement des travaux" in Notification.objects.get(recipient=other).message
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_the_followers_of_a_translated_page_follow_its_original(
    django_capture_on_commit_callbacks,
):
    """A follow belongs to the original version (participation/hosts.py): an article linking
    the French version of a consultation reaches those who follow it in Arabic."""
    consultation = ConsultationPageFactory()
    translate_page(consultation.get_parent(), "fr", title="Consultations", slug="consultations")
    french = translate_page(consultation, "fr", title="Budget", slug="budget")
    follower = ResidentFactory()
    follow(follower, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(consultations=[french])
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_a_draft_or_an_article_withdrawn_before_the_worker_tells_no_one(
    django_capture_on_commit_callbacks,
):
    event = EventPageFactory()
    follower = ResidentFactory()
    follow(follower, event)
    with django_capture_on_commit_callbacks(execute=True):
        draft = NewsPageFactory(events=[event], publish=False)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = NewsPageFactory(events=[event])
    article.unpublish()
    for callback in callbacks:
        callback()
    assert not Notification.objects.exists()
    assert notify_followers_of_article(draft.pk) == 0
