"""The RSS 2.0 and Atom feeds of each language, read back as a feed reader does."""

import pytest
from defusedxml import ElementTree as ET  # xml.etree, refusing entity tricks

from news.feeds import FEED_LENGTH
from tests.news.factories import NewsPageFactory, days_ago, news_index, translate_article

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, [
        {name: item.findtext(name) for name in ("title", "link", "description", "pubDate")}
        | {"categories": [category.text for category in item.findall("category")]}
        for item in channel.findall("item")
    ]


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_the_rss_feed_lists_the_20_latest_live_articles_of_its_language(client, settings):
    settings.SHARIK_SITE_URL = "https://sharik.sale.ma"
    for number in range(22):
        NewsPageFactory(title=f"خبر {number}", date=days_ago(number), tags=["ميزانية"])
    NewsPageFactory(title="مسودة", publish=False)
    withdrawn = NewsPageFactory(title="خبر سحب")
    withdrawn.unpublish()
    translate_article(NewsPageFactory(title="خبر مترجم", date=days_ago(30)), "fr", title="Traduit")

    channel, items = rss_items(client, "/ar/news/feed/rss/")
    assert channel.findtext("language") == "ar"
    assert channel.findtext("link") == "https://sharik.sale.ma/ar/news/"
    assert len(items) == FEED_LENGTH
    assert [item["title"] for item in items] == [f"خبر {number}" for number in range(20)]
    for item in items:
        assert item["link"].startswith("https://sharik.sale.ma/ar/news/")
        assert item["description"] == "يدعو المجلس الجماعي السكان إلى إبداء آرائهم."
        assert item["pubDate"] and item["categories"] == ["ميزانية"]

    channel, items = rss_items(client, "/fr/news/feed/rss/")
    assert channel.findtext("language") == "fr"
    assert [item["title"] for item in items] == ["Traduit"]
    assert items[0]["link"].startswith("https://sharik.sale.ma/fr/actualites/")


def test_the_atom_feed_of_each_language(client, settings):
    settings.SHARIK_SITE_URL = "https://sharik.sale.ma"
    article = NewsPageFactory(title="الدورة العادية للمجلس", summary="ملخص الدورة")
    NewsPageFactory(title="مسودة", publish=False)
    translate_article(article, "fr", title="La session du conseil", summary="Résumé")

    feed, entries = atom_entries(client, "/ar/news/feed/atom/")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert entries == [
        {
            "title": "الدورة العادية للمجلس",
            "link": f"https://sharik.sale.ma{article.url}",
            "summary": "ملخص الدورة",
        }
    ]
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == "https://sharik.sale.ma/ar/news/feed/atom/"

    feed, entries = atom_entries(client, "/fr/news/feed/atom/")
    assert [entry["title"] for entry in entries] == ["La session du conseil"]
    assert entries[0]["link"].startswith("https://sharik.sale.ma/fr/actualites/")


def test_a_language_without_news_has_an_empty_valid_feed(client):
    news_index()
    _channel, items = rss_items(client, "/en/news/feed/rss/")
    assert items == []
    _feed, entries = atom_entries(client, "/fr/news/feed/atom/")
    assert entries == []
