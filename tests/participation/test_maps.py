"""Maps that respect privacy and language (participation/maps.py, static/sharik/js/proposals.js):
the controls' labels come translated from the template, a page read without JavaScript names the
place and links to the list instead of an empty map, and no map container is an image around
the map's buttons."""

import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from budgets.models import BudgetPhase
from participation.maps import OSM_COPYRIGHT_URL, map_settings
from tests.budgets.factories import BudgetPageFactory
from tests.factories import make_axis, make_project
from tests.invest.factories import InvestAssetPageFactory, invest_index, translate
from tests.participation.factories import ArrondissementFactory
from tests.plan.factories import action_plan
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


class _Maps(HTMLParser):
    """The attributes of every map container (``data-map``) of a page, and the text and links of
    its fallback (``data-map-fallback``)."""

    def __init__(self):
        super().__init__()
        self.maps = []
        self._depth = 0  # >0 inside a map container
        self._fallback = 0  # >0 inside its fallback

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth:
            self._depth += 1
            if self._fallback:
                self._fallback += 1
            elif "data-map-fallback" in attrs:
                self._fallback = 1
            if self._fallback and tag == "a":
                self.maps[-1]["links"].append(attrs.get("href"))
        elif "data-map" in attrs:
            self._depth = 1
            self.maps.append({"attrs": attrs, "text": "", "links": []})

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
            if self._fallback:
                self._fallback -= 1

    def handle_data(self, data):
        if self._fallback:
            self.maps[-1]["text"] += data


def maps_of(response):
    assert response.status_code == 200
    parser = _Maps()
    parser.feed(response.content.decode())
    assert parser.maps, "the page shows no map"
    return parser.maps


def labels(language):
    with translation.override(language):
        return {
            "data-zoom-in": gettext("Zoom in"),
            "data-zoom-out": gettext("Zoom out"),
            "data-attribution-prefix": pgettext("name of the map library", "Leaflet"),
            "data-close-label": gettext("Close"),
            "aria-label": gettext("Where the proposal is located"),
            "fallback": gettext("The map needs JavaScript."),
            "arrondissement": gettext("Proposals in this arrondissement"),
        }


def assert_a_region_with_labels(map_, language):
    expected = labels(language)
    attrs = map_["attrs"]
    for name in ("data-zoom-in", "data-zoom-out", "data-attribution-prefix", "data-close-label"):
        assert attrs[name] == expected[name], name
    # A region named for screen readers: role="img" would hide the zoom buttons and links
    # inside it (axe: nested-interactive).
    assert attrs["role"] == "region"
    assert attrs["aria-label"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_proposal_map_carries_translated_labels_and_a_fallback(client, language):
    proposal = ProposalFactory(located=True)
    with translation.override(language):
        url = reverse("proposals:detail", args=[proposal.pk])
        list_url = reverse("proposals:list")
    response = client.get(url)
    (map_,) = maps_of(response)
    assert_a_region_with_labels(map_, language)
    assert map_["attrs"]["aria-label"] == labels(language)["aria-label"]
    assert map_["attrs"]["data-center"] == "34.044600,-6.810800"
    # Without JavaScript: the place (the proposal and its arrondissement) and the list.
    text = " ".join(map_["text"].split())
    assert labels(language)["fallback"] in text
    assert proposal.title in text
    assert response.context["proposal"].arrondissement_name in text
    assert f"{list_url}?arrondissement=bettana" in map_["links"]
    assert labels(language)["arrondissement"] in text


def test_the_controls_follow_the_language_of_the_page(client):
    proposal = ProposalFactory(located=True)
    pages = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            (pages[language],) = maps_of(
                client.get(reverse("proposals:detail", args=[proposal.pk]))
            )
    ar, fr = pages["ar"]["attrs"], pages["fr"]["attrs"]
    assert ar["data-close-label"] != fr["data-close-label"]  # إغلاق, Fermer
    assert ar["aria-label"] != fr["aria-label"]


def test_the_proposals_map_page_falls_back_to_the_list(client):
    ProposalFactory(located=True)
    with translation.override("fr"):
        response = client.get(reverse("proposals:map") + "?arrondissement=bettana")
        list_url = reverse("proposals:list")
    (map_,) = maps_of(response)
    assert_a_region_with_labels(map_, "fr")
    assert labels("fr")["fallback"] in map_["text"]
    assert f"{list_url}?arrondissement=bettana" in map_["links"]


def test_a_plan_project_map_names_the_place_and_links_to_the_list(client):
    bettana = ArrondissementFactory(slug="bettana")
    project = make_project(
        make_axis(),
        title="إنارة حي بطانة",
        arrondissements=[bettana],
        latitude=Decimal("34.04"),
        longitude=Decimal("-6.81"),
    )
    response = client.get(project.url)
    (map_,) = maps_of(response)
    assert_a_region_with_labels(map_, "ar")
    text = " ".join(map_["text"].split())
    assert "إنارة حي بطانة" in text
    names = response.context["arrondissement_names"]
    assert names
    for name in names:
        assert name in text
    assert f"{action_plan().url}projects/" in map_["links"]


def test_the_plan_overview_map_falls_back_to_the_list_of_projects(client):
    plan = action_plan()
    make_project(make_axis(), latitude=Decimal("34.04"), longitude=Decimal("-6.80"))
    (map_,) = maps_of(client.get(plan.url))
    assert_a_region_with_labels(map_, "ar")
    assert labels("ar")["fallback"] in map_["text"]
    assert f"{plan.url}projects/" in map_["links"]
    (listed,) = maps_of(client.get(f"{plan.url}projects/"))
    assert listed["attrs"]["role"] == "region"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_invest_site_map_names_the_place_and_links_to_the_sites(client, language):
    bettana = ArrondissementFactory(slug="bettana")
    asset = InvestAssetPageFactory(
        title="تكنوبوليس",
        arrondissement=bettana,
        latitude=Decimal("34.0362"),
        longitude=Decimal("-6.8233"),
    )
    if language != "ar":
        asset = translate(asset, language, "Technopolis")
    response = client.get(asset.url)
    (map_,) = maps_of(response)
    assert_a_region_with_labels(map_, language)
    text = " ".join(map_["text"].split())
    assert labels(language)["fallback"] in text
    assert asset.title in text
    with translation.override(language):
        assert bettana.localized_name in text
    assert invest_index(language).url in map_["links"]


def assert_a_place_picker(response, language, name):
    """The form's place picker (templates/includes/location_picker.html): a named region with
    translated controls; without JavaScript, the arrondissement's field instead; the button that
    removes the place hidden until the map is there."""
    (map_,) = maps_of(response)
    assert_a_region_with_labels(map_, language)
    assert "data-picker" in map_["attrs"]
    with translation.override(language):
        assert map_["attrs"]["aria-label"] == gettext(name)
        enough = gettext("Choosing the arrondissement is enough: the place on the map is optional.")
    # Without JavaScript the arrondissement places it; the link leads to its field.
    assert labels(language)["fallback"] in map_["text"]
    assert enough in " ".join(map_["text"].split())
    assert map_["links"] == ["#id_arrondissement"]
    assert 'id="id_arrondissement"' in response.content.decode()
    # The button that clears the map's marker waits for the map.
    assert re.search(r"<button [^>]*data-clear-location hidden>", response.content.decode())


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_budget_idea_picker_carries_labels_and_a_fallback(client, resident, language):
    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    client.force_login(resident)
    with translation.override(language):
        url = reverse("budgets:submit_idea", args=[budget.pk])
    assert_a_place_picker(client.get(url), language, "Click the map to place your idea")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_proposal_picker_carries_labels_and_a_fallback(client, resident, language):
    client.force_login(resident)
    with translation.override(language):
        url = reverse("proposals:create")
    assert_a_place_picker(client.get(url), language, "Click the map to place your proposal")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_proposal_picker_is_the_same_when_editing(client, language):
    proposal = ProposalFactory(located=True, status="draft")
    client.force_login(proposal.author)
    with translation.override(language):
        url = reverse("proposals:edit", args=[proposal.pk])
    response = client.get(url)
    assert_a_place_picker(response, language, "Click the map to place your proposal")
    # The place already chosen is in the hidden fields the map starts from.
    assert response.context["form"]["latitude"].value() == proposal.latitude


def test_no_map_container_is_an_image(client):
    proposal = ProposalFactory(located=True)
    project = make_project(make_axis(), latitude=Decimal("34.04"), longitude=Decimal("-6.80"))
    with translation.override("ar"):
        urls = [reverse("proposals:detail", args=[proposal.pk]), reverse("proposals:map")]
    asset = InvestAssetPageFactory(latitude=Decimal("34.0362"), longitude=Decimal("-6.8233"))
    for url in [*urls, project.url, action_plan().url, asset.url]:
        for map_ in maps_of(client.get(url)):
            assert map_["attrs"].get("role") != "img", url


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_openstreetmap_is_credited_in_the_readers_language(language):
    with translation.override(language):
        attribution = unescape(map_settings()["attribution"])
        credit = gettext("© OpenStreetMap contributors")
    assert attribution == f'<a href="{OSM_COPYRIGHT_URL}">{credit}</a>'


@override_settings(
    SHARIK_MAP_ATTRIBUTION='<a href="https://openmaptiles.org/">© OpenMapTiles</a> '
    "© OpenStreetMap contributors"
)
def test_a_commune_attribution_is_kept_with_the_credit_translated():
    with translation.override("fr"):
        attribution = unescape(map_settings()["attribution"])
        credit = gettext("© OpenStreetMap contributors")
    assert attribution.startswith('<a href="https://openmaptiles.org/">© OpenMapTiles</a> ')
    assert attribution.endswith(credit)
