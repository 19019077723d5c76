"""The home page shows the whole platform (issue 17, point 8): open consultations, petitions
collecting signatures with their progress, the latest plan updates, the latest proposals and the
next meetings, each a section of the home page's ``sections`` StreamField, in the editor's order.
Each feature renders its own section through the ``home_page_sections`` hook (cms/models.py), in
a fixed number of queries whatever the data."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import SECTION_KINDS, HomePage, default_sections
from consultations.models import PhaseKind
from participation.pagecache import HIT_HEADER
from petitions import services as petition_services
from petitions.models import Petition
from tests.cms.factories import HomePageFactory, locale_of
from tests.events.factories import EventPageFactory
from tests.factories import (
    make_axis,
    make_consultation,
    make_petition,
    make_project,
    make_signatory,
    translate_consultation,
)
from tests.plan.factories import ProjectUpdateFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SECTION = re.compile(r'class="home-section home-section--(?P<kind>[a-z_]+)"')


def set_sections(language, kinds, items=3, headings=None):
    """The home page of ``language`` shows ``kinds`` in this order (published)."""
    headings = headings or {}
    return HomePageFactory(
        locale=locale_of(language),
        sections=[
            ("section", {"kind": kind, "heading": headings.get(kind, ""), "items": items})
            for kind in kinds
        ],
    )


def shown_sections(html):
    return [match["kind"] for match in SECTION.finditer(html)]


def home(language, client=None):
    response = (client or Client()).get(f"/{language}/")
    assert response.status_code == 200
    return response.content.decode()


def closed_calendar():
    now = timezone.now()
    return {
        PhaseKind.DEBATE: (now - timedelta(days=60), now - timedelta(days=30)),
        PhaseKind.QUESTIONNAIRE: (now - timedelta(days=60), now - timedelta(days=30)),
        PhaseKind.RESULTS: (now - timedelta(days=30), now + timedelta(days=30)),
    }


def platform(number=1, start=0):
    """``number`` items of every kind the home page shows, numbered from ``start``."""
    axis = make_axis(slug=f"axis-{start}")
    for n in range(start, start + number):
        translate_consultation(
            make_consultation(title=f"استشارة {n}", slug=f"consultation-{n}"), "fr"
        )
        make_petition(title=f"عريضة {n}")
        ProposalFactory(title=f"مقترح {n}")
        project = make_project(axis, title=f"مشروع {n}", slug=f"project-{n}")
        ProjectUpdateFactory(project=project, date=date(2026, 1, 1) + timedelta(days=n))
        EventPageFactory(title=f"لقاء {n}")


def test_every_home_page_starts_with_every_section_in_the_default_order():
    kinds = [kind for kind, _label in SECTION_KINDS]
    for language in ("ar", "fr", "en", "zgh"):
        page = HomePage.objects.get(locale__language_code=language)
        assert [block.value["kind"] for block in page.sections] == kinds
    assert [block["value"]["kind"] for block in default_sections()] == kinds


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("ar", ["التحيينات", "العرائض", "أحدث المقترحات", "الاستشارات", "اللقاءات المقبلة"]),
        (
            "fr",
            [
                "Points d\N{RIGHT SINGLE QUOTATION MARK}avancement",
                "Pétitions",
                "Dernières propositions",
                "Consultations",
            ],
        ),
    ],
)
def test_sections_render_in_the_editors_order(language, headings):
    platform()  # the meeting exists in Arabic only
    order = [
        "plan_updates",
        "petitions_collecting",
        "latest_proposals",
        "open_consultations",
        "upcoming_events",
    ]
    set_sections(language, order)
    html = home(language)
    expected = order if language == "ar" else order[:-1]  # no meeting in French: left out
    assert shown_sections(html) == expected
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)


# Commits, as an editor's publishing does: the commit moves the generation of public content on,
# which ends the page kept for its address (cms/routing.py).
@pytest.mark.django_db(transaction=True)
def test_reordering_the_stream_field_reorders_the_page():
    platform()
    set_sections("ar", ["latest_proposals", "petitions_collecting"])
    assert shown_sections(home("ar")) == ["latest_proposals", "petitions_collecting"]
    set_sections("ar", ["petitions_collecting", "open_consultations", "latest_proposals"])
    assert shown_sections(home("ar")) == [
        "petitions_collecting",
        "open_consultations",
        "latest_proposals",
    ]


def test_the_editors_heading_and_number_of_items_are_used():
    platform(number=4)
    set_sections("ar", ["latest_proposals"], items=2, headings={"latest_proposals": "أفكاركم"})
    html = home("ar")
    assert ">أفكاركم</h2>" in html
    assert html.count('class="card proposal-card"') == 2


def test_a_petition_collecting_signatures_shows_with_its_progress():
    petition = make_petition(title="عريضة الإنارة", threshold=400)
    Petition.objects.filter(pk=petition.pk).update(signature_count=120)
    make_petition(title="عريضة مودعة", status="filed", filed=True)
    set_sections("ar", ["petitions_collecting"])
    html = home("ar")
    assert "عريضة الإنارة" in html
    assert '<progress max="400" value="120"' in html
    assert f'href="{petition.get_absolute_url()}"' in html
    assert "عريضة مودعة" not in html  # filed: no longer collecting


def test_a_closed_consultation_does_not_show():
    make_consultation(title="استشارة مفتوحة", slug="open-one")
    make_consultation(title="استشارة مغلقة", slug="closed-one", phases=closed_calendar())
    set_sections("ar", ["open_consultations"])
    html = home("ar")
    assert "استشارة مفتوحة" in html
    assert "استشارة مغلقة" not in html


def test_a_section_with_nothing_to_show_is_left_out():
    make_consultation(title="استشارة مغلقة", slug="closed-one", phases=closed_calendar())
    set_sections("ar", ["open_consultations", "petitions_collecting", "latest_proposals"])
    assert shown_sections(home("ar")) == ["latest_proposals"]  # its call to take part stays


def test_a_kind_no_feature_offers_is_skipped():
    platform()
    page = set_sections("ar", ["latest_proposals"])
    page.sections = [
        ("section", {"kind": "budget_votes", "heading": "", "items": 3}),  # not (yet) offered
        ("section", {"kind": "latest_proposals", "heading": "", "items": 3}),
    ]
    page.save_revision().publish()
    assert shown_sections(home("ar")) == ["latest_proposals"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_query_count_does_not_grow_with_the_data(language, django_assert_max_num_queries):
    set_sections(language, [kind for kind, _label in SECTION_KINDS], items=5)
    platform(number=1)
    home(language)  # warm the site-root and term caches, as every later visitor finds them
    with CaptureQueriesContext(connection) as queries:
        home(language)
    few = len(queries)
    platform(number=8, start=1)
    home(language)
    with django_assert_max_num_queries(few):
        html = home(language)
    assert html.count('class="card event-card"') == (5 if language == "ar" else 0)


@pytest.mark.django_db(transaction=True)
def test_the_home_page_stays_cached_until_a_signature_count_changes(settings):
    settings.SHARIK_PAGE_CACHE_SECONDS = 60
    petition = make_petition(title="عريضة الإنارة", threshold=400)
    set_sections("ar", ["petitions_collecting"])
    client = Client()
    for _ in range(3):  # the first read may create the site's settings rows
        response = client.get("/ar/")
        if response[HIT_HEADER] == "hit":
            break
    assert response[HIT_HEADER] == "hit"
    assert '<progress max="400" value="0"' in response.content.decode()
    # The recount writes with update() and ends the cached pages itself (petitions/counts.py).
    petition_services.sign(make_signatory(), petition)
    fresh = client.get("/ar/")
    assert fresh[HIT_HEADER] == "miss"
    assert '<progress max="400" value="1"' in fresh.content.decode()
