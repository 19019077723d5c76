"""The catalogue's search: Arabic spelling variants meet (hamza, tā' marbūṭa, alif maqṣūra,
tatweel), French finds the French pages, and the filters narrow a search."""

import pytest

from procedures.models import DigitalisationStatus, ProcedureCategory
from tests.procedures.factories import ProcedurePageFactory, procedure_index, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    residence = ProcedurePageFactory(title="شهادة السكنى", slug="residence-certificate")
    building = ProcedurePageFactory(
        title="رخصة البناء",
        slug="building-permit",
        category=ProcedureCategory.URBANISM,
        summary="الترخيص بتشييد بناية جديدة.",
        eligibility="مالك العقار.",
        documents="<ul><li>التصاميم المعمارية</li></ul>",
        digitalisation_status=DigitalisationStatus.FULLY_ONLINE,
    )
    translate(
        residence,
        title="Certificat de résidence",
        slug="certificat-de-residence",
        summary="Le document qui atteste l'adresse d'un habitant de la commune.",
    )
    translate(building, title="Permis de construire", slug="permis-de-construire")
    return residence, building


def titles(client, index, **params):
    response = client.get(index.url, params)
    assert response.status_code == 200
    return [procedure.title for procedure in response.context["procedures"]]


@pytest.mark.parametrize(
    "typed", ["السكنى", "السكني", "شهاده", "شهادة", "شهاده السكني", "الســكنى", "الجماعه"]
)
@pytest.mark.usefixtures("catalogue")
def test_arabic_spelling_variants_find_the_residence_certificate(client, typed):
    # "الجماعه" (hā' for tā' marbūṭa) is a word of its summary and of who may ask: الجماعة.
    assert titles(client, procedure_index(), q=typed) == ["شهادة السكنى"]


@pytest.mark.usefixtures("catalogue")
def test_a_word_of_the_documents_to_bring_finds_the_procedure(client):
    assert titles(client, procedure_index(), q="التصاميم") == ["رخصة البناء"]


@pytest.mark.parametrize("typed", ["résidence", "certificat", "Certificat de résidence", "adresse"])
@pytest.mark.usefixtures("catalogue")
def test_french_words_find_the_french_page(client, typed):
    assert titles(client, procedure_index("fr"), q=typed) == ["Certificat de résidence"]


@pytest.mark.usefixtures("catalogue")
def test_a_search_finds_nothing_else_and_says_so(client):
    response = client.get(procedure_index().url, {"q": "جواز السفر"})
    assert list(response.context["procedures"]) == []
    assert response.context["filters"] == {"q": "جواز السفر"}


@pytest.mark.usefixtures("catalogue")
def test_filters_narrow_the_list_and_a_search(client):
    index = procedure_index()
    assert titles(client, index, category="urbanism") == ["رخصة البناء"]
    assert titles(client, index, status="paper") == ["شهادة السكنى"]
    assert titles(client, index, status="fully_online", q="السكنى") == []
    assert sorted(titles(client, index, category="nonsense", status="")) == sorted(
        ["شهادة السكنى", "رخصة البناء"]
    )


@pytest.mark.parametrize("typed", ['"شهادة', "شهادة*", "(السكنى", "NEAR(a b)", '"', "^:"])
@pytest.mark.usefixtures("catalogue")
def test_search_syntax_typed_by_a_resident_never_breaks_the_list(client, typed):
    response = client.get(procedure_index().url, {"q": typed})
    assert response.status_code == 200
    if any(letter.isalpha() for letter in typed) and "NEAR" not in typed:
        assert [p.title for p in response.context["procedures"]] == ["شهادة السكنى"]
