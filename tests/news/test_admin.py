"""Editors write articles in the Wagtail admin: the form offers every field, and refuses a photo
without its description."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from news.models import NewsPage
from participation.models import Arrondissement, Notification
from participation.services import follow
from tests.cms.factories import make_image
from tests.consultations.factories import ConsultationPageFactory
from tests.events.factories import EventPageFactory
from tests.news.factories import news_index
from tests.participation.factories import EditorFactory, ResidentFactory
from tests.plan.factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


def article_form(**fields):
    return nested_form_data(
        {
            "title": "افتتاح خزانة حي سعيد حجي",
            "slug": "library-opening",
            "date": "2026-11-30",
            "summary": "تفتح الخزانة أبوابها للعموم.",
            "body": streamfield([]),
            "image_alt": "",
            "tags": "خزانة, بطانة",
            **fields,
        }
    )


def test_an_editor_publishes_an_article_with_its_links(client, django_capture_on_commit_callbacks):
    client.force_login(EditorFactory())
    index = news_index()
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", index.pk))
    assert client.get(url).status_code == 200
    consultation, project, event = (
        ConsultationPageFactory(),
        ProjectPageFactory(),
        EventPageFactory(),
    )
    follower = ResidentFactory()
    follow(follower, consultation)
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    data = article_form(image=make_image().pk, image_alt="واجهة الخزانة الجديدة")
    data |= {
        "arrondissements": [bettana.pk],
        "related_consultations": [consultation.pk],
        "related_projects": [project.pk],
        "related_events": [event.pk],
        "action-publish": "publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    # Wagtail keeps the other languages' trees in step: aliases until they are translated.
    article = NewsPage.objects.get(slug="library-opening", locale__language_code="ar")
    assert NewsPage.objects.filter(alias_of=article).count() == 3  # fr, en, zgh
    assert article.live and article.image_alt == "واجهة الخزانة الجديدة"
    assert sorted(tag.name for tag in article.tags.all()) == ["بطانة", "خزانة"]
    assert list(article.arrondissements.all()) == [bettana]
    assert list(article.related_consultations.all()) == [consultation]
    assert list(article.related_projects.all()) == [project]
    assert list(article.related_events.all()) == [event]
    # The article and its aliases are published together: the follower is told once.
    assert Notification.objects.filter(recipient=follower).count() == 1


@pytest.mark.usefixtures("english")
def test_the_form_refuses_a_photo_without_its_description(client):
    client.force_login(EditorFactory())
    index = news_index()
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", index.pk))
    response = client.post(url, article_form(image=make_image().pk, image_alt=" "))
    assert response.status_code == 200
    assert "image_alt" in response.context["form"].errors
    assert not NewsPage.objects.exists()
