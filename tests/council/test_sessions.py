"""The council's sessions: publishing the agenda and recording deliberations tell the content
each item names, once; an admissible petition takes the deliberation as the council's decision;
the public sees only sessions whose agenda is published; the calendar files are valid."""

import datetime
import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from council import services
from council.models import AgendaItem, CouncilSession, Outcome
from participation import ics
from participation.models import AuditLogEntry, Follow, Notification
from participation.services import follow
from petitions.models import PetitionStatus
from proposals.models import ProposalEvent
from tests.factories import (
    ResidentFactory,
    log_in,
    make_axis,
    make_consultation,
    make_editor,
    make_petition,
    make_project,
)
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def new_session(days=10, publish=False, **fields):
    return CouncilSession.objects.create(
        title="دورة فبراير العادية 2027",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        publish_agenda=publish,
        **fields,
    )


def test_publishing_the_agenda_puts_the_petition_and_proposal_on_their_timelines(
    django_capture_on_commit_callbacks,
):
    editor = make_editor()
    petition = make_petition(status=PetitionStatus.ADMISSIBLE)
    proposal = ProposalFactory()
    follower = ResidentFactory()
    follow(follower, proposal)
    session = new_session()
    item = AgendaItem.objects.create(
        session=session, title="إنارة زنقة المدرسة", petition=petition, proposal=proposal
    )
    assert services.announce(session, editor) == 0  # not published: nothing said
    session.publish_agenda = True
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce(session, editor) == 2
    session.refresh_from_db()
    assert session.agenda_published_at is not None
    step = petition.events.get(status="")
    day = timezone.localdate(session.starts_at)
    assert step.text == "إنارة زنقة المدرسة"
    assert step.council == {"session": session.title, "day": day.isoformat()}
    with translation.override("fr"):  # the session's day in the reader's language, its title
        # isolated (an Arabic title must not pull the French day into its direction)
        assert step.council_facts == f"\u2068{session.title}\u2069 ({date_format(day, 'j F Y')})"
    assert proposal.events.filter(kind=ProposalEvent.Kind.AGENDA).count() == 1
    assert Notification.objects.filter(recipient=follower).count() == 1
    # Saved again: nothing is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce(session, editor) == 0
    assert proposal.events.filter(kind=ProposalEvent.Kind.AGENDA).count() == 1
    item.refresh_from_db()
    assert item.agenda_announced_at is not None
    assert AuditLogEntry.objects.filter(action="council.agenda_published").count() == 1


def test_a_deliberation_decides_an_admissible_petition_typed_once(
    client, django_capture_on_commit_callbacks
):
    editor = make_editor()
    petition = make_petition(status=PetitionStatus.ADMISSIBLE)
    follow(petition.mandataire, petition)  # as submitting it does
    session = new_session(days=-1, publish=True)
    item = AgendaItem.objects.create(session=session, title="إنارة", petition=petition)
    services.announce(session, editor)
    item.outcome = Outcome.ADOPTED
    item.votes_for, item.votes_against, item.abstentions = 31, 4, 2
    item.deliberation_reference = "2027/14"
    item.decision_text = "يصادق المجلس على برمجة الإنارة في ميزانية 2027."
    item.save()
    with django_capture_on_commit_callbacks(execute=True), translation.override("ar"):
        services.announce(session, editor)  # by a staff member reading in Arabic
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.DECIDED
    assert petition.decision == "adopted"
    assert petition.deliberation_reference == "2027/14"
    assert petition.decided_on == timezone.localdate(session.starts_at)
    decided = petition.events.get(status=PetitionStatus.DECIDED)
    # The council's words as typed; its outcome, reference and votes in no language, put into
    # each reader's on the timeline.
    assert decided.text == item.decision_text
    assert decided.council == {
        "session": session.title,
        "day": timezone.localdate(session.starts_at).isoformat(),
        "outcome": "adopted",
        "reference": "2027/14",
        "votes_for": 31,
        "votes_against": 4,
        "abstentions": 2,
    }
    french = council_facts(client.get(f"/fr/petitions/{petition.pk}/"))
    assert french[-1].endswith(
        " · Adoptée · Délibération 2027/14 · pour : 31, contre : 4, abstentions : 2"
    )
    assert session.title in french[-1]
    arabic = council_facts(client.get(f"/ar/petitions/{petition.pk}/"))
    assert arabic[-1].endswith(
        " · تمت المصادقة عليها · المداولة 2027/14 · مع: 31، ضد: 4، امتناع: 2"
    )
    entry = AuditLogEntry.objects.get(action="council.deliberation")
    assert entry.data["outcome"] == "adopted"
    # The mandataire hears of the agenda, then of the decision.
    assert Notification.objects.filter(recipient=petition.mandataire).count() == 2


def council_facts(response):
    """The council's records on a page's timeline, as read (participation/_council_facts.html)."""
    found = re.findall(r'<p class="council-facts">(.*?)</p>', response.content.decode(), re.S)
    return [re.sub(r"<[^>]+>", "", html.unescape(facts)) for facts in found]


def test_a_project_shows_the_agenda_and_the_decision_on_its_timeline(
    client, django_capture_on_commit_callbacks
):
    project = make_project(make_axis(), title="ملعب القرب بحي السلام")
    follower = ResidentFactory()
    Follow.objects.create(user=follower, content_type_id=_ct(project), object_id=project.pk)
    session = new_session(days=-1, publish=True)
    AgendaItem.objects.create(
        session=session,
        title="تمويل ملعب القرب",
        project=project,
        outcome=Outcome.POSTPONED,
        decision_text="تأجيل النقطة إلى الدورة المقبلة.",
    )
    with django_capture_on_commit_callbacks(execute=True), translation.override("ar"):
        services.announce(session, make_editor())
    agenda_step, decision = project.updates.order_by("pk")
    assert (agenda_step.kind, agenda_step.text) == ("agenda", "تمويل ملعب القرب")
    day = timezone.localdate(session.starts_at)
    assert agenda_step.council == {"session": session.title, "day": day.isoformat()}
    assert (decision.kind, decision.text) == ("decision", "تأجيل النقطة إلى الدورة المقبلة.")
    assert decision.council == agenda_step.council | {"outcome": "postponed"}
    assert decision.date == day
    assert Notification.objects.filter(recipient=follower).count() == 2
    # Labelled in the reader's language, not in the staff member's who recorded them.
    with translation.override("fr"):
        headings = [
            render_to_string("plan/_update_heading.html", {"update": update}).strip()
            for update in (agenda_step, decision)
        ]
        french_day = date_format(day, "j F Y")
        assert headings == [
            "<strong>À l\u2019ordre du jour du conseil : "
            f"<bdi>{session.title}</bdi> ({french_day})</strong>",
            f"<strong>La décision du conseil (<bdi>{session.title}</bdi>, {french_day})</strong>",
        ]
        assert decision.council_facts_parts == ["Reportée"]
    page = client.get(project.url).content.decode()
    with translation.override("ar"):
        arabic_day = date_format(day, "j F Y")
    assert f"في جدول أعمال المجلس: <bdi>{session.title}</bdi> ({arabic_day})" in page
    assert "تأجيل النقطة إلى الدورة المقبلة." in page and "مؤجلة" in page


def test_a_consultation_followers_hear_of_the_decision(django_capture_on_commit_callbacks):
    consultation = make_consultation(title="استشارة التنقل")
    follower = ResidentFactory()
    Follow.objects.create(
        user=follower, content_type_id=_ct(consultation), object_id=consultation.pk
    )
    session = new_session(days=-1, publish=True)
    AgendaItem.objects.create(
        session=session,
        title="نتائج استشارة التنقل",
        consultation=consultation,
        outcome=Outcome.ADOPTED,
        decision_text="يعتمد المجلس خلاصات الاستشارة.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.announce(session, make_editor())
    messages = list(
        Notification.objects.filter(recipient=follower).values_list("message", flat=True)
    )
    assert len(messages) == 2
    assert any("يعتمد المجلس خلاصات الاستشارة" in message for message in messages)


def _ct(page):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(page, for_concrete_model=False).pk


def test_a_decision_needs_its_text():
    from django.core.exceptions import ValidationError

    item = AgendaItem(session=new_session(), title="نقطة", outcome=Outcome.ADOPTED)
    with pytest.raises(ValidationError):
        item.clean()


def test_the_public_sees_only_sessions_whose_agenda_is_published(client):
    hidden = new_session()
    shown = new_session(days=20, publish=True)
    services.announce(shown, make_editor())
    AgendaItem.objects.create(session=shown, title="الميزانية المعدلة")
    page = client.get(reverse("council:sessions"))
    assert shown.title in page.text
    assert client.get(reverse("council:session", args=[hidden.pk])).status_code == 404
    detail = client.get(reverse("council:session", args=[shown.pk]))
    assert "الميزانية المعدلة" in detail.text


def test_the_calendar_files_are_valid_icalendar(client):
    session = new_session(days=5, publish=True, place="قاعة الاجتماعات، بلدية سلا; الطابق الأول")
    services.announce(session, make_editor())
    AgendaItem.objects.create(session=session, title="نقطة أولى طويلة " * 8)
    for url in (reverse("council:calendar"), reverse("council:session_ics", args=[session.pk])):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        body = response.content.decode()
        assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
        lines = body.split("\r\n")
        assert all(len(line.encode()) <= 75 for line in lines)
        unfolded = body.replace("\r\n ", "")
        assert f"DTSTART:{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in unfolded
        assert "LOCATION:قاعة الاجتماعات\\، بلدية سلا\\; الطابق الأول" not in unfolded
        assert "LOCATION:قاعة الاجتماعات، بلدية سلا\\; الطابق الأول" in unfolded
        assert re.search(r"UID:council-session-\d+@", unfolded)


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "دورة " * 40
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_an_editor_publishes_the_agenda_from_the_admin(client, django_capture_on_commit_callbacks):
    editor = make_editor()
    petition = make_petition(status=PetitionStatus.ADMISSIBLE)
    session = new_session()
    log_in(client, editor)
    url = reverse("council_sessions:edit", args=[session.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "ordinary",
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
        "title": session.title,
        "place": "قاعة المجلس",
        "publish_agenda": "on",
        "summary": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-title": "إنارة زنقة المدرسة",
        "items-0-description": "",
        "items-0-petition": str(petition.pk),
        "items-0-ORDER": "1",
        "items-0-outcome": "",
        "items-0-decision_text": "",
        "items-0-deliberation_reference": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    assert session.agenda_published_at is not None
    assert petition.events.filter(status="").count() == 1
