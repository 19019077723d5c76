"""What an event belongs to, its documents, the attendance figures for the equality body (small
groups hidden), the next meetings on the home page, and the optional profile fields they use."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model
from wagtail.models import Locale

from events import figures
from events.models import EventDocument, EventKind, EventPage, Registration, RegistrationStatus
from participation import equality
from participation.equality import Gender
from participation.models import Arrondissement
from proposals.models import ProposalCategory
from tests.events.factories import EventPageFactory
from tests.factories import log_in, make_consultation, make_editor, translate_consultation
from tests.pages import add_published_children
from tests.participation.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _past_event(**fields):
    start = timezone.now() - datetime.timedelta(days=3)
    return EventPageFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields)


def _came(event, user, companions=0, present=True):
    return Registration.objects.create(
        event=event,
        user=user,
        status=RegistrationStatus.REGISTERED,
        companions=companions,
        attended_at=event.starts_at if present else None,
    )


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [(None, None), (2012, None), (2010, "16–17"), (2008, "18–24"), (2002, "18–24"),
     (2001, "25–34"), (1967, "45–59"), (1966, "60+")],
)  # fmt: skip
def test_age_bands_from_the_year_of_birth(birth_year, band):
    today = datetime.date(2026, 11, 30)
    assert equality.age_band(birth_year, today) == band


def test_a_group_under_the_minimum_is_never_shown_as_a_number(settings):
    settings.SHARIK_FIGURES_MIN_GROUP = 10
    people = [ResidentFactory.build(gender="woman", birth_year=1990) for _ in range(9)]
    people += [ResidentFactory.build(gender="man", birth_year=1990) for _ in range(10)]
    people += [ResidentFactory.build(gender="", birth_year=None) for _ in range(2)]
    result = equality.breakdown(people, today=datetime.date(2026, 6, 1))
    not_declared = translation.gettext("Not declared")
    # 9 women hidden; the 2 undeclared too; then the men's 10 as well, or the total of 21 the
    # page shows would give the two hidden groups' sum away with it.
    assert result["people"] == 21
    assert dict(result["gender"]) == {
        Gender.WOMAN.label: None,
        Gender.MAN.label: 10,
        not_declared: None,
    }
    age = dict(result["age"])
    assert age["35–44"] == 19 and age["60+"] is None and age[not_declared] is None


def test_one_small_group_is_hidden_with_its_complement(settings):
    """One hidden group would be the total less the others: the smallest shown goes too."""
    settings.SHARIK_FIGURES_MIN_GROUP = 10
    people = [ResidentFactory.build(gender="woman", birth_year=1990) for _ in range(12)]
    people += [ResidentFactory.build(gender="man", birth_year=1990) for _ in range(11)]
    people += [ResidentFactory.build(gender="", birth_year=1990) for _ in range(3)]
    result = equality.breakdown(people, today=datetime.date(2026, 6, 1))
    assert dict(result["gender"]) == {
        Gender.WOMAN.label: 12,
        Gender.MAN.label: None,
        translation.gettext("Not declared"): None,
    }


def test_attendance_counts_each_resident_once_by_arrondissement(settings):
    settings.SHARIK_FIGURES_MIN_GROUP = 2
    tabriquet, bettana = Arrondissement.objects.canonical().order_by("slug")[:2]
    first, second = _past_event(), _past_event()
    women = [ResidentFactory(gender="woman", arrondissement=tabriquet) for _ in range(3)]
    man = ResidentFactory(gender="man", arrondissement=bettana, birth_year=1980)
    for woman in women:
        _came(first, woman, companions=1)
    _came(second, women[0])  # she came twice: counted once in the breakdowns
    _came(second, man)
    _came(second, ResidentFactory(gender="man"), present=False)  # registered, did not come
    result = figures.attendance([first, second])
    lines = {line["event"].pk: line for line in result["events"]}
    assert (lines[first.pk]["present"], lines[first.pk]["places"]) == (3, 6)
    assert (lines[second.pk]["registered"], lines[second.pk]["present"]) == (3, 2)
    assert result["residents"] == 4
    assert dict(result["by_arrondissement"]) == {tabriquet.name: 3, bettana.name: 1}
    # One man, and nobody undeclared: both "fewer than 2".
    assert dict(result["gender"]) == {
        Gender.WOMAN.label: 3,
        Gender.MAN.label: None,
        translation.gettext("Not declared"): None,
    }


def test_the_figures_page_is_for_organisers_and_exports_csv(client):
    event = _past_event(title="لقاء الحصيلة")
    _came(event, ResidentFactory())
    url = reverse("event_figures") + f"?year={event.starts_at.year}"
    log_in(client, ResidentFactory())
    assert client.get(url).status_code in {302, 403}
    log_in(client, make_editor())
    page = client.get(url)
    assert page.status_code == 200 and "لقاء الحصيلة" in page.text
    assert page.context["figures"]["residents"] == 1
    export = client.get(url + "&format=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "لقاء الحصيلة" in body and body.strip().splitlines()[1].endswith(",1,1,1")
    assert client.get(reverse("event_figures") + "?year=abc").status_code == 200


def test_the_event_page_links_what_it_belongs_to_in_the_readers_language(client):
    consultation = make_consultation(title="الميزانية التشاركية")
    translate_consultation(consultation, "fr")
    event = EventPageFactory(consultation=consultation)
    document = get_document_model()(title="عرض المنتدى")
    document.file.save("slides.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    EventDocument.objects.create(event=event, document=document, title="")
    page = client.get(event.url)
    assert "الميزانية التشاركية" in page.text and "عرض المنتدى" in page.text
    translation = event.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    ).specific
    translation.slug = "event-fr"
    translation.save()
    translation.save_revision().publish()
    french = client.get(translation.url)
    assert "(fr)" in french.context["consultation"].title


def test_a_past_event_says_how_many_came(client):
    event = _past_event()
    for _ in range(2):
        _came(event, ResidentFactory())
    _came(event, ResidentFactory(), present=False)
    assert client.get(event.url).context["attended"] == 2


def test_the_home_page_shows_the_next_meetings_not_past_ones(client):
    EventPageFactory(title="لقاء قادم")
    _past_event(title="لقاء مضى")
    with time_machine.travel(timezone.now()):
        page = client.get("/ar/")
    assert "لقاء قادم" in page.text and "لقاء مضى" not in page.text


def test_residents_may_declare_gender_and_year_of_birth_or_not(client):
    resident = ResidentFactory()
    log_in(client, resident)
    form = {"display_name": "سناء", "arrondissement": "", "preferred_language": "ar"}
    response = client.post(reverse("profile"), {**form, "gender": "woman", "birth_year": "1990"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.gender, resident.birth_year) == ("woman", 1990)
    bad = client.post(reverse("profile"), {**form, "gender": "other", "birth_year": "1700"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"gender", "birth_year"}
    assert 'value="1700"' in bad.text  # what was typed stays
    client.post(reverse("profile"), {**form, "gender": "", "birth_year": ""})
    resident.refresh_from_db()
    assert (resident.gender, resident.birth_year) == ("", None)


def _index_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_events_index_keeps_its_queries_with_1000_events(client):
    from tests.events.factories import event_index

    index = event_index()
    axis = ProposalCategory.objects.canonical().first()
    place = Arrondissement.objects.canonical().first()

    def add(count, offset, days):
        start = timezone.now() + datetime.timedelta(days=days)
        add_published_children(
            index,
            [
                EventPage(
                    title=f"لقاء {offset + n}", slug=f"meeting-{offset + n}",
                    kind=EventKind.FORUM, starts_at=start, ends_at=start, summary="لقاء",
                    capacity=30, axis=axis, arrondissement=place,
                )
                for n in range(count)
            ],
        )  # fmt: skip

    add(25, 0, 5)
    add(5, 100, -5)
    few = [_index_queries(client, index.url + query) for query in ("", "?when=past", "?kind=forum")]
    add(900, 1000, 6)
    add(100, 5000, -6)
    assert [
        _index_queries(client, index.url + query) for query in ("", "?when=past", "?kind=forum")
    ] == few
