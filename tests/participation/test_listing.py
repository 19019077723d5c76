"""The shared list of participation/listing.py on its own, with known data: five residents of the
commune listed by arrondissement, language and initial, sorted, searched and paged as a query
string asks. Proposals' and petitions' lists are tested in their folders."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from participation.listing import Filter, Listing, Sort
from participation.models import Arrondissement, User
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

RESIDENTS = [
    # display name, arrondissement, language, day of January 2026 they joined
    ("Amina Lighting", "bettana", "ar", 1),
    ("Badr Park", "bettana", "fr", 3),
    ("Chama Lighting Park", "hssaine", "ar", 2),
    ("Driss Market", "layayda", "en", 5),
    ("Elias Lighting", "hssaine", "fr", 4),
]

LISTING = Listing(
    filters=[
        Filter("arrondissement", "arrondissement__slug", label="Arrondissement"),
        Filter("language", "preferred_language", values={"ar", "fr"}, label="Language"),
        Filter(
            "initial", apply=lambda users, letter: users.filter(display_name__startswith=letter)
        ),
    ],
    sorts={
        "name": Sort("By name", ("display_name", "pk")),
        "newest": Sort("Newest", ("-date_joined", "-pk")),
        "french": Sort(
            "French speakers",
            ("display_name", "pk"),
            prepare=lambda users: users.filter(preferred_language="fr"),
        ),
    },
    default_sort="name",
    search_fields=[("display_name", "A")],
    per_page=2,
)


@pytest.fixture
def residents():
    for name, slug, language, day in RESIDENTS:
        ResidentFactory(
            display_name=name,
            email=f"{name.split()[0].lower()}@listing.example",
            arrondissement=Arrondissement.objects.canonical().get(slug=slug),
            preferred_language=language,
            date_joined=datetime(2026, 1, day, 10, tzinfo=ZoneInfo("Africa/Casablanca")),
        )
    return User.objects.filter(email__endswith="@listing.example")


def listed(residents, query):
    users, chosen, sort = LISTING.apply(residents, QueryDict(query))
    return [user.display_name.split()[0] for user in users], chosen, sort


def test_without_choices_everyone_is_listed_in_the_default_order(residents):
    assert listed(residents, "") == (["Amina", "Badr", "Chama", "Driss", "Elias"], {}, "name")


def test_filters_keep_what_the_query_string_chooses(residents):
    assert listed(residents, "arrondissement=bettana") == (
        ["Amina", "Badr"],
        {"arrondissement": "bettana"},
        "name",
    )
    names, chosen, _sort = listed(residents, "language=fr&arrondissement=hssaine")
    assert names == ["Elias"]
    assert chosen == {"arrondissement": "hssaine", "language": "fr"}


@pytest.mark.parametrize("query", ["language=en", "language=", "arrondissement=", "unknown=x"])
def test_a_value_the_filter_does_not_accept_is_ignored(residents, query):
    assert listed(residents, query) == (["Amina", "Badr", "Chama", "Driss", "Elias"], {}, "name")


def test_a_filter_may_narrow_with_its_own_function(residents):
    assert listed(residents, "initial=C") == (["Chama"], {"initial": "C"}, "name")


def test_sorts_order_the_list_and_an_unknown_sort_falls_back_to_the_default(residents):
    assert listed(residents, "sort=newest")[0] == ["Driss", "Elias", "Badr", "Chama", "Amina"]
    assert listed(residents, "sort=loudest") == (
        ["Amina", "Badr", "Chama", "Driss", "Elias"],
        {},
        "name",
    )


def test_a_sort_prepares_the_list_it_orders_and_only_that_one(residents):
    assert listed(residents, "sort=french") == (["Badr", "Elias"], {}, "french")
    assert len(listed(residents, "sort=newest")[0]) == 5


def test_search_keeps_what_has_every_word_after_the_filters(residents):
    names, chosen, _sort = listed(residents, "q=lighting")
    assert sorted(names) == ["Amina", "Chama", "Elias"]
    assert chosen == {"q": "lighting"}
    names, chosen, _sort = listed(residents, "q=lighting+park&language=ar")
    assert names == ["Chama"]
    assert chosen == {"language": "ar", "q": "lighting park"}


@pytest.mark.parametrize(
    ("page", "number", "names"),
    [("2", 2, ["Chama", "Driss"]), ("99", 3, ["Elias"]), ("two", 1, ["Amina", "Badr"])],
)
def test_pages_past_the_end_or_unreadable_give_the_last_or_the_first(
    residents, page, number, names
):
    params = QueryDict(f"page={page}")
    users, _chosen, _sort = LISTING.apply(residents, params)
    shown = LISTING.page(users, params)
    assert shown.number == number
    assert [user.display_name.split()[0] for user in shown] == names


def test_the_context_keeps_the_choices_for_the_form_and_the_page_links(residents):
    params = QueryDict("arrondissement=hssaine&sort=newest&page=1&q=lighting")
    users, chosen, sort = LISTING.apply(residents, params)
    options = {
        "arrondissement": [("bettana", "Bettana"), ("hssaine", "Hssaine")],
        "language": [("ar", "العربية"), ("fr", "Français")],
    }
    context = LISTING.context(params, LISTING.page(users, params), chosen, sort, options)
    assert context["filters"] == {"arrondissement": "hssaine", "q": "lighting"}
    assert context["sort"] == "newest"
    assert list(context["sorts"].items()) == [
        ("name", "By name"),
        ("newest", "Newest"),
        ("french", "French speakers"),
    ]
    # The page links add ?page= to every other choice.
    assert QueryDict(context["query_string"]) == QueryDict(
        "arrondissement=hssaine&sort=newest&q=lighting"
    )
    # Labelled filters become the form's selects, in order; the initial travels unseen.
    assert context["selects"] == [
        {
            "name": "arrondissement",
            "label": "Arrondissement",
            "options": options["arrondissement"],
            "selected": "hssaine",
        },
        {
            "name": "language",
            "label": "Language",
            "options": options["language"],
            "selected": None,
        },
    ]
    assert sorted(user.display_name for user in context["page"]) == [
        "Chama Lighting Park",
        "Elias Lighting",
    ]
