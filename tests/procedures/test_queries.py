"""The catalogue's index (listed, filtered, searched) and the ranking make as many queries with
a thousand procedures as with one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from participation.models import Arrondissement
from procedures.models import (
    DigitalisationStatus,
    DigitalisationVote,
    ProcedureCategory,
    ProcedurePage,
)
from tests.pages import add_published_children
from tests.participation.factories import ResidentFactory
from tests.procedures.factories import ProcedurePageFactory, procedure_index

pytestmark = pytest.mark.django_db

STATUSES = [
    DigitalisationStatus.PAPER,
    DigitalisationStatus.PARTLY_ONLINE,
    DigitalisationStatus.FULLY_ONLINE,
]


def count_queries(client, url):
    client.get(url)  # the site chrome is worked out once per language, then remembered
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def thousand_procedures(index):
    arrondissements = list(Arrondissement.objects.canonical())
    pages = add_published_children(
        index,
        [
            ProcedurePage(
                title=f"شهادة إدارية رقم {number}",
                slug=f"certificate-{number}",
                category=ProcedureCategory.values[number % 8],
                summary="شهادة تسلمها الجماعة.",
                office="مكتب الاستقبال",
                arrondissement=arrondissements[number % len(arrondissements)],
                online_platform_name="Watiqa" if number % 3 else "",
                online_platform_url="https://www.watiqa.ma/" if number % 3 else "",
                digitalisation_status=STATUSES[number % 3],
            )
            for number in range(1000)
        ],
    )
    # Those pages skip the search index (tests/pages.py): indexed here in one batch.
    get_search_backend().add_bulk(ProcedurePage, pages)
    residents = [ResidentFactory() for _ in range(5)]
    DigitalisationVote.objects.bulk_create(
        DigitalisationVote(procedure=page, user=residents[number % 5])
        for number, page in enumerate(pages)
        if page.digitalisation_status != DigitalisationStatus.FULLY_ONLINE
    )


def test_the_index_and_the_ranking_keep_their_queries_with_1000_procedures(
    client, django_assert_max_num_queries
):
    # One procedure for each list asked below, so that none is empty before the thousand.
    first = ProcedurePageFactory(title="شهادة إدارية", category=ProcedureCategory.OTHER)
    DigitalisationVote.objects.create(procedure=first, user=ResidentFactory())
    ProcedurePageFactory(
        title="شهادة المطابقة", digitalisation_status=DigitalisationStatus.PARTLY_ONLINE
    )
    index = procedure_index()
    urls = [
        index.url,
        index.url + "?category=other&status=paper",
        index.url + "?q=شهاده",
        index.url + "?q=شهادة&status=partly_online&page=2",
        reverse("procedures:ranking"),
        reverse("procedures:ranking") + "?page=3",
    ]
    before = {url: count_queries(client, url) for url in urls}
    thousand_procedures(index)
    after = {url: count_queries(client, url) for url in urls}
    assert after == before
    with django_assert_max_num_queries(30):
        response = client.get(index.url + "?q=شهاده")
    assert response.context["procedures"].paginator.count == 1002
