"""The open-data API: each dataset lists only what the site shows everyone, paginated and
filtered; each item reads alone; the whole downloads as CSV and JSON; the list keeps a constant
number of queries; callers are limited per address; the open-data page lists every dataset."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import services as council_services
from council.models import AgendaItem, CouncilSession, Outcome
from information import services as information_services
from opendata.views import DATASETS
from petitions.models import PetitionStatus
from proposals.models import ProposalStatus
from tests.factories import make_axis, make_consultation, make_editor, make_petition, make_project
from tests.information.factories import InformationOfficerFactory, file
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def text(response):
    """A response's text, streamed or not, without the byte order mark."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def public_data():
    """One public item of each dataset, and one that must not show (a draft, an unpublished
    request)."""
    proposal = ProposalFactory(title="إنارة زنقة الأمل", tags=["إنارة"])
    ProposalFactory(title="مسودة خاصة", status=ProposalStatus.PENDING)
    petition = make_petition(title="تهيئة سوق القرب", status=PetitionStatus.COLLECTING)
    make_petition(title="عريضة في طور الإعداد", status=PetitionStatus.DRAFT)
    consultation = make_consultation(title="استشارة التنقل")
    project = make_project(make_axis(title="التنقل"), title="ممر الدراجات")
    session = CouncilSession.objects.create(
        title="دورة فبراير 2027", starts_at=timezone.now(), publish_agenda=True
    )
    AgendaItem.objects.create(
        session=session,
        title="العريضة المتعلقة بالسوق",
        petition=petition,
        outcome=Outcome.ADOPTED,
        votes_for=30,
        decision_text="مصادقة",
    )
    council_services.announce(session, make_editor())
    CouncilSession.objects.create(title="دورة لم يُنشر جدولها", starts_at=timezone.now())
    officer = InformationOfficerFactory()
    published = file(subject="ميزانية الحدائق")
    information_services.answer(officer, published, "الجواب المنشور")
    information_services.agree_to_publish(published.requester, published)
    private = file(subject="طلب لم يُنشر")
    information_services.answer(officer, private, "جواب خاص")
    return {
        "proposals": proposal,
        "petitions": petition,
        "consultations": consultation,
        "plan-projects": project,
        "council-sessions": session,
        "information-requests": published,
    }


def test_each_dataset_lists_its_public_items_only(client):
    public_data()
    expected = {
        "proposals": ("إنارة زنقة الأمل", "مسودة خاصة"),
        "petitions": ("تهيئة سوق القرب", "عريضة في طور الإعداد"),
        "consultations": ("استشارة التنقل", None),
        "plan-projects": ("ممر الدراجات", None),
        "council-sessions": ("دورة فبراير 2027", "دورة لم يُنشر جدولها"),
        "information-requests": ("ميزانية الحدائق", "طلب لم يُنشر"),
    }
    for slug, (shown, hidden) in expected.items():
        response = client.get(f"{API}/{slug}/")
        assert response.status_code == 200, slug
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["count"] >= 1 and "results" in body
        text = response.content.decode()
        assert shown in text, slug
        if hidden:
            assert hidden not in text, slug


def test_each_item_reads_alone_and_a_hidden_one_is_not_found(client):
    items = public_data()
    for slug, item in items.items():
        response = client.get(f"{API}/{slug}/{item.pk}/")
        assert response.status_code == 200, slug
        assert response.json()["id"] == item.pk
    draft = make_petition(status=PetitionStatus.DRAFT)
    assert client.get(f"{API}/petitions/{draft.pk}/").status_code == 404
    assert client.get(f"{API}/petitions/abc/").status_code == 404


def test_a_session_carries_its_deliberations_and_a_petition_its_decision(client):
    items = public_data()
    session = client.get(f"{API}/council-sessions/{items['council-sessions'].pk}/").json()
    [item] = session["items"]
    assert (item["outcome"], item["votes_for"], item["petition"]) == (
        "adopted",
        30,
        items["petitions"].pk,
    )
    petition = client.get(f"{API}/petitions/{items['petitions'].pk}/").json()
    assert petition["signature_threshold"] == items["petitions"].signature_threshold


def test_lists_are_paginated_and_filtered(client):
    for number in range(7):
        ProposalFactory(title=f"اقتراح {number}")
    ProposalFactory(title="في تابريكت", arrondissement__slug="tabriquet")
    page = client.get(f"{API}/proposals/", {"page_size": 5}).json()
    assert page["count"] == 8 and len(page["results"]) == 5 and page["next"]
    second = client.get(f"{API}/proposals/", {"page_size": 5, "page": 2}).json()
    assert len(second["results"]) == 3
    assert client.get(f"{API}/proposals/", {"page": 9}).status_code == 404
    found = client.get(f"{API}/proposals/", {"arrondissement": "tabriquet"}).json()
    assert [row["title"] for row in found["results"]] == ["في تابريكت"]
    bad = client.get(f"{API}/proposals/", {"status": "pending"})
    assert bad.status_code == 400  # not a public status: refused, said why
    assert "status" in bad.json()


def test_the_whole_dataset_downloads_as_csv_and_json(client):
    public_data()
    for slug, *_rest in DATASETS:
        as_json = client.get(f"{API}/{slug}/export.json")
        assert as_json.status_code == 200, slug
        data = json.loads(as_json.content)
        assert data["licence"] == "ODbL-1.0" and data["dataset"] == slug
        assert data["count"] == len(data["rows"]) >= 1
        as_csv = client.get(f"{API}/{slug}/export.csv")
        assert as_csv["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(text(as_csv))))
        assert len(rows) == data["count"] + 1, slug
    assert client.get(f"{API}/proposals/export.xml").status_code == 404


def test_a_csv_cell_never_starts_a_formula_and_numbers_stay_numbers(client):
    ProposalFactory(title='=HYPERLINK("http://evil")', located=True)  # longitude -6.8108
    header, row = csv.reader(io.StringIO(text(client.get(f"{API}/proposals/export.csv"))))
    cells = dict(zip(header, row, strict=True))
    assert cells["title"].startswith("'=")
    assert cells["longitude"] == "-6.810800"


def test_the_list_keeps_a_constant_number_of_queries(client):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/proposals/").status_code == 200
        return len(captured)

    ProposalFactory(tags=["أ"])
    few = queries()
    for number in range(15):
        ProposalFactory(title=f"اقتراح {number}", tags=["ب", "ج"])
    assert queries() == few


def test_answers_are_kept_a_short_while(client):
    ProposalFactory(title="الأول")
    assert "الأول" in client.get(f"{API}/proposals/").content.decode()
    ProposalFactory(title="الثاني")
    assert "الثاني" not in client.get(f"{API}/proposals/").content.decode()
    cache.clear()
    assert "الثاني" in client.get(f"{API}/proposals/").content.decode()


def test_callers_are_limited_per_address(client, settings):
    from django.test import override_settings
    from rest_framework.settings import api_settings

    from opendata.views import PerAddress

    def use(rates):
        api_settings.reload()
        PerAddress.THROTTLE_RATES = rates

    limited = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/min"}}
    try:
        with override_settings(REST_FRAMEWORK=limited):
            use(limited["DEFAULT_THROTTLE_RATES"])
            statuses = [
                client.get(f"{API}/petitions/", {"page": 1, "n": n}).status_code for n in range(4)
            ]
            other = client.get(f"{API}/petitions/", REMOTE_ADDR="10.1.2.3")
    finally:
        use(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200


def test_the_open_data_page_lists_every_dataset(client):
    public_data()
    page = client.get(reverse("open_data"))
    assert page.status_code == 200
    for slug, *_rest in DATASETS:
        assert f"{API}/{slug}/export.csv" in page.text
        assert f"{API}/{slug}/export.json" in page.text
    assert "ODbL" in page.text


def test_the_documentation_page_is_served_without_any_cdn(client):
    page = client.get(f"{API}/docs/")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    schema = client.get(f"{API}/schema/")
    assert schema.status_code == 200
