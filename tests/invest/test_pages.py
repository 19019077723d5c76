"""The pages of Invest in Salé: the index and the assets in Arabic, French and English, the key
figures with their sources, the assets grouped by kind in a fixed number of queries, what an
editor may not save, what the site search indexes, the retention of messages, and the demo."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.invest import seed_invest
from invest import services
from invest.models import (
    AssetKind,
    InvestAssetPage,
    InvestIndexPage,
    InvestmentTopic,
    InvestorMessage,
)
from participation.arabic import fold_arabic
from participation.models import Arrondissement
from tests.cms.factories import make_image
from tests.factories import OfficialFactory
from tests.invest.factories import (
    INDEX_SLUGS,
    InvestAssetPageFactory,
    InvestorMessageFactory,
    invest_index,
    translate,
)
from tests.pages import add_published_children

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "path"), [("ar", "/ar/invest/"), ("fr", "/fr/investir/"), ("en", "/en/invest/")]
)
def test_the_index_and_an_asset_are_read_in_each_language(client, language, path):
    asset = InvestAssetPageFactory(title="تكنوبوليس", kind=AssetKind.ECONOMIC_ZONE)
    index = invest_index(language)
    if language != "ar":
        asset = translate(asset, language, f"Technopolis ({language})")
    assert index.url == path
    page = client.get(path)
    assert page.status_code == 200
    assert asset.title in page.text
    assert "HCP, RGPH" in page.text and "(<bdi>2024</bdi>)" in page.text  # the figure's source
    assert f'href="/{language}/invest/contact/"' in page.text
    detail = client.get(asset.url)
    assert detail.status_code == 200
    assert detail.text.count(asset.title) >= 2
    assert f"/{language}/invest/contact/?asset={asset.pk}" in detail.text
    assert asset.url.startswith(f"{path}")


def test_only_the_contact_addresses_are_the_app_s_own(client):
    """``/<lang>/invest/`` is the Wagtail page; the app's URLs do not hide it or its assets."""
    asset = InvestAssetPageFactory(slug="technopolis")
    assert client.get("/ar/invest/").context["page"].specific_class is InvestIndexPage
    assert client.get("/ar/invest/technopolis/").context["page"].pk == asset.pk
    assert INDEX_SLUGS == {"ar": "invest", "fr": "investir", "en": "invest"}


def test_the_index_groups_the_assets_by_kind_and_lists_one_kind_page_by_page(client):
    zone = InvestAssetPageFactory(title="منطقة الأنشطة", kind=AssetKind.ECONOMIC_ZONE)
    medina = InvestAssetPageFactory(title="المدينة العتيقة", kind=AssetKind.HERITAGE)
    index = invest_index()
    context = client.get(index.url).context
    assert [(group["kind"], group["assets"]) for group in context["groups"]] == [
        ("economic_zone", [zone]),
        ("heritage", [medina]),
    ]
    context = client.get(index.url, {"kind": "heritage"}).context
    assert list(context["assets"]) == [medina] and context["groups"] == []
    context = client.get(index.url, {"kind": "nonsense", "page": "x"}).context
    assert context["kind"] == "" and len(context["groups"]) == 2


def _render(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_index_keeps_its_queries_with_a_thousand_assets(client, language):
    index = invest_index(language)
    image = make_image()
    arrondissement = Arrondissement.objects.canonical().first()
    few = [
        InvestAssetPage(
            title=f"موقع {number}",
            slug=f"site-{number}",
            kind=AssetKind.values[number % 4],
            summary="موقع للاستثمار.",
            image=image if number % 3 else None,
            image_alt="صورة" if number % 3 else "",
            arrondissement=arrondissement if number % 2 else None,
        )
        for number in range(8)
    ]
    add_published_children(index, few)
    urls = [index.url, f"{index.url}?kind=heritage", f"{index.url}?kind=economic_zone&page=2"]
    for url in urls:  # renditions made, terms remembered
        client.get(url)
    before = {url: _render(client, url) for url in urls}
    assert max(before.values()) <= 15
    many = [
        InvestAssetPage(
            title=f"موقع إضافي {number}",
            slug=f"more-{number}",
            kind=AssetKind.values[number % 4],
            summary="موقع للاستثمار.",
            arrondissement=arrondissement if number % 2 else None,
            image=image,
            image_alt="صورة",
        )
        for number in range(1000)
    ]
    add_published_children(index, many)
    for url in urls:
        assert _render(client, url) <= before[url]
    page = client.get(index.url)
    assert sum(group["count"] for group in page.context["groups"]) == 1008
    assert all(len(group["assets"]) <= 6 for group in page.context["groups"])


def test_an_image_needs_its_text_alternative():
    asset = InvestAssetPageFactory()
    asset.image = make_image()
    with pytest.raises(ValidationError) as refused:
        asset.full_clean()
    assert "image_alt" in refused.value.message_dict
    asset.image_alt = "باب لمريسة"
    asset.full_clean()


def test_a_place_needs_both_coordinates_on_earth():
    asset = InvestAssetPageFactory()
    asset.latitude = Decimal("34.03")
    with pytest.raises(ValidationError) as refused:
        asset.full_clean()
    assert "longitude" in refused.value.message_dict
    asset.longitude = Decimal("-200")
    with pytest.raises(ValidationError) as refused:
        asset.full_clean()
    assert "longitude" in refused.value.message_dict
    asset.longitude = Decimal("-6.82")
    asset.full_clean()


def test_the_contact_address_is_not_an_asset_slug():
    asset = InvestAssetPageFactory()
    asset.slug = "contact"
    with pytest.raises(ValidationError) as refused:
        asset.full_clean()
    assert "slug" in refused.value.message_dict


def test_a_located_asset_shows_its_map(client):
    located = InvestAssetPageFactory(latitude=Decimal("34.0362"), longitude=Decimal("-6.8233"))
    elsewhere = InvestAssetPageFactory()
    assert 'data-center="34.036200,-6.823300"' in client.get(located.url).text
    assert "data-map" not in client.get(elsewhere.url).text


def test_the_search_text_folds_arabic_spellings_of_every_part_of_the_page():
    asset = InvestAssetPageFactory(
        title="المدينة العتيقة",
        summary="أسوار موحدية",
        body=[{"type": "paragraph", "value": "<p>دور ضيافة</p>"}],
        key_facts=[{"type": "fact", "value": {"label": "المساحة", "value": "إثنا عشر هكتارا"}}],
    )
    text = asset.search_text()
    # Typed with other spellings (hā' for tā' marbūṭa, bare alifs), they meet the page's words.
    for typed in ("المدينه العتيقه", "اسوار موحديه", "دور ضيافه", "اثنا عشر"):
        assert fold_arabic(typed) in text
    assert "<p>" not in text
    assert "search_text" in {field.field_name for field in InvestAssetPage.search_fields}
    assert "search_text" in {field.field_name for field in InvestIndexPage.search_fields}


def test_messages_are_forgotten_after_their_retention_period():
    old = InvestorMessageFactory()
    recent = InvestorMessageFactory()
    InvestorMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=731)
    )
    output = io.StringIO()
    call_command("forget_investor_messages", stdout=output)  # the daily run
    assert "Deleted 1 " in output.getvalue()
    assert list(InvestorMessage.objects.all()) == [recent]
    assert services.forget_old_messages() == 0


def test_the_demo_builds_the_pages_in_three_languages_once(django_capture_on_commit_callbacks):
    OfficialFactory(email="official@sale.example")  # the demo's official answers a message
    with django_capture_on_commit_callbacks(execute=True):
        seed_invest(io.StringIO())
    counts = (
        InvestIndexPage.objects.count(),
        InvestAssetPage.objects.count(),
        InvestmentTopic.objects.count(),
        InvestorMessage.objects.count(),
    )
    assert counts == (3, 18, 9, 2)
    assert {page.url for page in InvestIndexPage.objects.all()} == {
        "/ar/invest/",
        "/fr/investir/",
        "/en/invest/",
    }
    assert InvestorMessage.objects.filter(status="answered").count() == 1
    seed_invest(io.StringIO())
    assert (
        InvestIndexPage.objects.count(),
        InvestAssetPage.objects.count(),
        InvestmentTopic.objects.count(),
        InvestorMessage.objects.count(),
    ) == counts
