"""The article itself: a photo is described for people who cannot see it, the folded text the
search indexes, and what a translation keeps of the original."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from news.models import NewsPage
from participation.arabic import fold_arabic
from participation.models import Arrondissement
from tests.cms.factories import make_image
from tests.news.factories import NewsPageFactory, translate_article
from tests.plan.factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("alt", ["", "   "])
def test_a_photo_without_its_description_is_refused(alt):
    article = NewsPageFactory.build(image=make_image(), image_alt=alt)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            article.clean()
        assert list(refused.value.message_dict) == ["image_alt"]
        assert "people who cannot see it" in refused.value.message_dict["image_alt"][0]


@pytest.mark.parametrize(
    ("with_image", "alt"), [(True, "صورة أشغال شارع محمد الخامس"), (False, ""), (False, "x")]
)
def test_a_described_photo_or_no_photo_is_accepted(with_image, alt):
    article = NewsPageFactory.build(image=make_image() if with_image else None, image_alt=alt)
    article.clean()


def test_the_search_text_folds_the_arabic_spelling_variants():
    article = NewsPageFactory(
        title="إطلاق شهادة السكنى الرقمية",
        summary="خدمة جديدة للمواطنين",
        body=[
            {"type": "heading", "value": {"text": "مسطرة مبسّطة", "level": "h2"}},
            {"type": "paragraph", "value": "<p>يمكنكم <b>طلب</b> الوثيقة عبر الإنترنت</p>"},
        ],
    )
    text = article.search_text()
    for typed in ("اطلاق", "شهاده السكني", "خدمه", "مسطره مبسطه", "طلب الوثيقه"):
        assert fold_arabic(typed) in text
    assert "<" not in text


def test_the_indexed_article_is_found_by_a_variant_spelling():
    NewsPageFactory(title="شهادة السكنى", summary="ملخص")
    NewsPageFactory(title="رخص البناء", summary="ملخص")
    found = NewsPage.objects.live().search(fold_arabic("شهاده السكني"))
    assert [article.title for article in found] == ["شهادة السكنى"]


def test_a_translation_keeps_the_photo_tags_arrondissements_and_links():
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    project = ProjectPageFactory()
    article = NewsPageFactory(
        image=make_image(),
        image_alt="صورة",
        tags=["ميزانية"],
        arrondissements=[bettana],
        projects=[project],
    )
    french = translate_article(article, "fr", image_alt="Photo")
    assert french.image_id == article.image_id
    assert [tag.name for tag in french.tags.all()] == ["ميزانية"]
    assert list(french.arrondissements.all()) == [bettana]
    assert list(french.related_projects.all()) == [project]
