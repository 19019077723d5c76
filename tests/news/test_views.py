"""The news pages: the index (latest first, 12 a page, filters), the article (photo, date, tags,
arrondissements, what it concerns in the reader's language), the latest news on the home page,
and their query counts with a thousand articles."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import NewsPage
from participation.models import Arrondissement
from tests.cms.factories import make_image, translate_page
from tests.consultations.factories import ConsultationPageFactory
from tests.events.factories import EventPageFactory
from tests.news.factories import NewsPageFactory, days_ago, news_index, translate_article
from tests.pages import add_published_children
from tests.plan.factories import ProjectPageFactory

pytestmark = pytest.mark.django_db

CARD_TITLE = re.compile(r'class="proposal-card__title" dir="auto"><a href="[^"]+">([^<]+)</a>')


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return CARD_TITLE.findall(response.content.decode())


def _count_queries(client, url):
    """Queries of a second view (renditions are made on the first), its cache emptied: what is
    not prefetched (a photo's renditions) would otherwise come from the cache when warm."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- The index ---------------------------------------------------------------------------------


def test_the_index_lists_its_live_articles_latest_first_twelve_a_page(client):
    for number in range(14):
        NewsPageFactory(title=f"خبر {number}", date=days_ago(number))
    NewsPageFactory(title="مسودة", publish=False)
    NewsPageFactory(title="قديم", date=days_ago(400))
    french = translate_article(NewsPage.objects.get(title="خبر 0"), "fr", title="Nouvelle 0")

    first_page = listed(client, "/ar/news/")
    assert first_page == [f"خبر {number}" for number in range(12)]
    assert listed(client, "/ar/news/?page=2") == ["خبر 12", "خبر 13", "قديم"]
    assert listed(client, "/fr/actualites/") == [french.title]


def test_the_same_date_lists_the_latest_written_first(client):
    NewsPageFactory(title="الأول")
    NewsPageFactory(title="الثاني")
    assert listed(client, "/ar/news/") == ["الثاني", "الأول"]


def test_an_unpublished_article_leaves_the_index(client):
    article = NewsPageFactory(title="خبر سحب")
    url = article.url
    assert listed(client, "/ar/news/") == ["خبر سحب"]
    article.unpublish()
    assert listed(client, "/ar/news/") == []
    assert client.get(url).status_code == 404


def test_filters_by_tag_arrondissement_and_what_the_articles_concern(client):
    bettana, hssaine = (
        Arrondissement.objects.canonical().get(slug=slug) for slug in ("bettana", "hssaine")
    )
    NewsPageFactory(
        title="ميزانية في بطانة", tags=["ميزانية"], arrondissements=[bettana],
        consultations=[ConsultationPageFactory()],
    )  # fmt: skip
    NewsPageFactory(
        title="أشغال في احصين", tags=["أشغال"], arrondissements=[hssaine],
        projects=[ProjectPageFactory(), ProjectPageFactory()],
    )  # fmt: skip
    NewsPageFactory(title="لقاء", tags=["ميزانية", "لقاء"], events=[EventPageFactory()])

    assert listed(client, "/ar/news/?tag=ميزانية") == ["لقاء", "ميزانية في بطانة"]
    assert listed(client, "/ar/news/?arrondissement=hssaine") == ["أشغال في احصين"]
    assert listed(client, "/ar/news/?about=consultation") == ["ميزانية في بطانة"]
    # An article about two projects is listed once.
    assert listed(client, "/ar/news/?about=project") == ["أشغال في احصين"]
    assert listed(client, "/ar/news/?about=event") == ["لقاء"]
    assert listed(client, "/ar/news/?tag=ميزانية&arrondissement=bettana") == ["ميزانية في بطانة"]
    # A value the list does not know is ignored, not refused.
    everything = ["لقاء", "أشغال في احصين", "ميزانية في بطانة"]
    assert listed(client, "/ar/news/?about=petition&tag=nothing") == everything
    content = client.get("/ar/news/?tag=ميزانية").content.decode()
    assert '<input type="hidden" name="tag" value="ميزانية">' in content
    assert "<bdi>#ميزانية</bdi>" in content


def test_cards_show_the_photo_described_lazily_and_the_date_in_the_readers_language(client):
    image = make_image()
    article = NewsPageFactory(
        image=image, image_alt="عمال يبلطون الرصيف", date=datetime.date(2026, 3, 9)
    )
    translate_article(article, "fr", title="Les travaux", image_alt="Des ouvriers au travail")
    arabic = client.get("/ar/news/").content.decode()
    image_tag = re.search(r"<img [^>]+>", arabic.split('id="main"')[1])[0]
    assert 'alt="عمال يبلطون الرصيف"' in image_tag
    assert 'loading="lazy"' in image_tag and "srcset=" in image_tag
    assert '<time datetime="2026-03-09">9 مارس 2026</time>' in arabic
    french = client.get("/fr/actualites/").content.decode()
    assert 'alt="Des ouvriers au travail"' in french
    assert '<time datetime="2026-03-09">9 mars 2026</time>' in french


def test_the_index_queries_stay_constant_with_1000_articles(client, resident):
    images = [make_image(f"صورة {number}") for number in range(3)]
    index = news_index()
    today = timezone.localdate()

    def add(count, offset):
        add_published_children(
            index,
            [
                NewsPage(
                    title=f"خبر {offset + number}",
                    slug=f"news-{offset + number}",
                    date=today - datetime.timedelta(days=(offset + number) % 700),
                    summary="ملخص الخبر",
                    image=images[number % 3],
                    image_alt="وصف الصورة",
                )
                for number in range(count)
            ],
        )

    client.force_login(resident)
    add(2, 0)
    small = _count_queries(client, "/ar/news/")
    add(998, 1000)
    assert NewsPage.objects.live().count() == 1000
    assert len(listed(client, "/ar/news/")) == 12
    assert _count_queries(client, "/ar/news/") == small
    assert _count_queries(client, "/ar/news/?page=50&about=event&arrondissement=x") <= small


# --- The article -------------------------------------------------------------------------------


def test_the_article_shows_its_photo_date_tags_and_arrondissements(client):
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    article = NewsPageFactory(
        image=make_image(),
        image_alt="قاعة الجلسة العمومية",
        date=datetime.date(2026, 11, 2),
        tags=["جلسة عمومية"],
        arrondissements=[bettana],
    )
    content = client.get(article.url).content.decode()
    assert 'alt="قاعة الجلسة العمومية"' in content
    assert '<time datetime="2026-11-02">2 نونبر 2026</time>' in content
    assert 'href="/ar/news/?tag=%D8%AC%D9%84%D8%B3%D8%A9-%D8%B9%D9%85%D9%88%D9%85%D9%8A%D8%A9"' in (
        content
    )
    assert "<bdi>#جلسة عمومية</bdi>" in content
    assert bettana.name in content
    french = translate_article(article, "fr", image_alt="La salle")
    content = client.get(french.url).content.decode()
    assert "Bettana" in content and 'href="/fr/actualites/?tag=' in content


def test_the_article_links_what_it_concerns_in_the_readers_language(client):
    consultation = ConsultationPageFactory(title="الميزانية التشاركية")
    translate_page(consultation.get_parent(), "fr", title="Consultations", slug="consultations")
    translate_page(consultation, "fr", title="Budget participatif", slug="budget")
    project = ProjectPageFactory(title="شارع محمد الخامس")  # not translated
    withdrawn = EventPageFactory(title="لقاء ملغى")
    withdrawn.unpublish()
    article = NewsPageFactory(consultations=[consultation], projects=[project], events=[withdrawn])

    arabic = client.get(article.url).content.decode()
    assert f'href="{consultation.url}" dir="auto">الميزانية التشاركية</a>' in arabic
    assert f'href="{project.url}" dir="auto">شارع محمد الخامس</a>' in arabic
    assert "لقاء ملغى" not in arabic

    french = client.get(translate_article(article, "fr", title="Le budget").url).content.decode()
    assert 'href="/fr/consultations/budget/" dir="auto">Budget participatif</a>' in french
    assert "الميزانية التشاركية" not in french
    # Without a translation, the page as linked.
    assert f'href="{project.url}" dir="auto">شارع محمد الخامس</a>' in french


def test_the_article_page_queries_do_not_grow_with_its_links_and_tags(client):
    few = NewsPageFactory(
        tags=["أ"], consultations=[ConsultationPageFactory()], projects=[ProjectPageFactory()]
    )
    many = NewsPageFactory(
        tags=[f"وسم {number}" for number in range(10)],
        arrondissements=list(Arrondissement.objects.canonical()),
        consultations=[ConsultationPageFactory() for _ in range(4)],
        projects=[ProjectPageFactory() for _ in range(6)],
        events=[EventPageFactory() for _ in range(5)],
    )
    assert _count_queries(client, many.url) == _count_queries(client, few.url)


@pytest.mark.parametrize("url", ["/ar/news/", "/ar/news/news-0/", "/fr/actualites/"])
def test_the_news_pages_announce_their_feeds(client, url):
    article = NewsPageFactory(slug="news-0")
    translate_article(article, "fr")
    content = client.get(url).content.decode()
    language = url.split("/")[1]
    head = content.split("</head>")[0]
    assert re.search(
        rf'<link rel="alternate" type="application/rss\+xml" title="[^"]+" '
        rf'href="/{language}/news/feed/rss/">',
        head,
    )
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
        rf'href="/{language}/news/feed/atom/">',
        head,
    )


# --- The home page -----------------------------------------------------------------------------


def test_the_home_page_shows_the_three_latest_news_of_its_language(client):
    for number in range(4):
        NewsPageFactory(title=f"خبر {number}", date=days_ago(10 - number))
    NewsPageFactory(title="مسودة", publish=False)
    french = translate_article(NewsPage.objects.get(title="خبر 0"), "fr", title="Nouvelle")

    arabic = client.get("/ar/").content.decode()
    assert listed(client, "/ar/") == ["خبر 3", "خبر 2", "خبر 1"]
    assert 'href="/ar/news/"' in arabic
    assert listed(client, "/fr/") == [french.title]
    assert 'href="/fr/actualites/"' in client.get("/fr/").content.decode()


def test_the_home_page_has_no_news_section_without_news(client):
    news_index()
    assert 'id="latest-news-title"' not in client.get("/ar/").content.decode()
    NewsPageFactory()
    assert 'id="latest-news-title"' in client.get("/ar/").content.decode()


def test_the_home_page_queries_stay_constant_with_1000_articles(client):
    images = [make_image(f"صورة {number}") for number in range(3)]
    index = news_index()
    today = timezone.localdate()

    def add(count, offset):
        add_published_children(
            index,
            [
                NewsPage(
                    title=f"خبر {offset + number}",
                    slug=f"news-{offset + number}",
                    date=today - datetime.timedelta(days=number),
                    summary="ملخص",
                    image=images[number % 3],
                    image_alt="وصف",
                )
                for number in range(count)
            ],
        )

    add(1, 0)
    small = _count_queries(client, "/ar/")
    add(999, 1000)
    assert len(listed(client, "/ar/")) == 3
    assert _count_queries(client, "/ar/") == small


def test_an_article_kept_behind_a_password_stays_out_of_lists_and_feeds(client):
    from wagtail.models import PageViewRestriction

    NewsPageFactory(title="خبر عمومي")
    private = NewsPageFactory(title="خبر داخلي")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert listed(client, "/ar/news/") == ["خبر عمومي"]
    assert listed(client, "/ar/") == ["خبر عمومي"]
    assert "خبر داخلي" not in client.get("/ar/news/feed/rss/").content.decode()
