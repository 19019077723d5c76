"""The acts the features register for the counters (participation/counter_acts.py): a proposal
submitted, a proposal supported, a consultation answered, a project evaluated, for a resident at
a counter. Each is marked with the counter and the agent, on the visit, in the audit log; refused
where the site refuses it; on the receipt; counted apart on the counter's home page."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import PhaseKind, Response
from counters import receipt, services
from counters.models import VisitAction
from participation.counter_acts import counter_acts
from participation.models import AuditLogEntry
from plan.models import ProjectEvaluation
from proposals import services as proposal_services
from proposals.models import Proposal, ProposalStatus, Support
from tests.consultations.factories import ResponseFactory
from tests.counters.factories import arrondissement, make_agent, open_file
from tests.factories import (
    C_A,
    Q_RANKING,
    Q_SCALE,
    Q_SHORT,
    Q_SINGLE,
    R1,
    R2,
    R3,
    ResidentFactory,
    UnverifiedResidentFactory,
    make_axis,
    make_consultation,
    make_editor,
    make_project,
)
from tests.proposals.factories import ProposalCategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

KINDS = ["proposal_submitted", "proposal_supported", "consultation_answered", "plan_evaluated"]


@pytest.fixture
def agent():
    return make_agent("tabriquet", display_name="العون سعيد")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def visit(agent):
    """A resident whose email address was never confirmed: at the counter, the card seen
    stands for it."""
    return open_file(agent, UnverifiedResidentFactory(), seen=True)


def act_url(visit, kind, **query):
    url = reverse("counters:act", args=[visit.pk, kind])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def answers(short_text="جواب"):
    return {
        f"q-{Q_SINGLE}": C_A,
        f"q-{Q_RANKING}-{R1}": "1",
        f"q-{Q_RANKING}-{R2}": "2",
        f"q-{Q_RANKING}-{R3}": "3",
        f"q-{Q_SCALE}": "4",
        f"q-{Q_SHORT}": short_text,
    }


def scores(**overrides):
    return {"usefulness": "5", "quality": "4", "progress": "3", "communication": "2"} | overrides


def subject_and_data(kind):
    """For each registered act: what it is done on (or None) and a valid form's data."""
    if kind == "proposal_submitted":
        return None, {
            "title": "ساحة للعب الأطفال",
            "body": "نقترح ساحة للعب الأطفال قرب المدرسة، فالأطفال يلعبون في الشارع.",
            "category": ProposalCategoryFactory().pk,
            "arrondissement": arrondissement("tabriquet").pk,
        }
    if kind == "proposal_supported":
        return ProposalFactory(), {"confirm": "on"}
    if kind == "consultation_answered":
        return make_consultation(), answers()
    if kind == "plan_evaluated":
        return make_project(make_axis()), scores(comment="")
    raise AssertionError(f"no test data for the counter act {kind!r}: add it here")


def post_act(client, visit, kind, subject, data, submission=None):
    data = dict(data)
    data["act-submission"] = str(submission or uuid.uuid4())
    if subject is not None:
        data["act-subject"] = subject.pk
    return client.post(act_url(visit, kind), data)


# --- The registry -------------------------------------------------------------------------------


def test_the_features_register_their_acts():
    assert list(counter_acts()) == KINDS


# --- Who may act --------------------------------------------------------------------------------


def person(role, visit):
    from django.contrib.auth.models import AnonymousUser

    return {
        "visitor": AnonymousUser,
        "resident": ResidentFactory,
        "editor": make_editor,
        "other_counter_agent": lambda: make_agent("bettana"),
        "agent": lambda: visit.agent,
    }[role]()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("resident", 403),
        ("editor", 403),
        ("other_counter_agent", 403),
        ("agent", 200),
    ],
)
def test_only_an_agent_of_the_visit_s_counter_acts(client, visit, kind, role, status):
    user = person(role, visit)
    if user.is_authenticated:
        client.force_login(user)
    subject, data = subject_and_data(kind)
    query = {"subject": subject.pk} if subject is not None else {}
    assert client.get(act_url(visit, kind, **query)).status_code == status
    response = post_act(client, visit, kind, subject, data)
    assert response.status_code == (302 if role == "agent" else status)
    recorded = VisitAction.objects.filter(visit=visit, kind=kind).exists()
    assert recorded is (role == "agent")
    if role != "agent":
        assert not AuditLogEntry.objects.filter(action__startswith=f"counter.{kind}").exists()


def test_acts_wait_for_the_card_seen(agent, agent_client):
    visit = open_file(agent, UnverifiedResidentFactory(), seen=False)
    assert not agent.has_perm("counters.act_for_resident", visit)
    subject, data = subject_and_data("proposal_supported")
    assert post_act(agent_client, visit, "proposal_supported", subject, data).status_code == 403
    assert not Support.objects.exists()
    # The file offers the acts once the card is seen.
    assert (
        'id="counter-acts"'
        not in agent_client.get(reverse("counters:file", args=[visit.pk])).content.decode()
    )


def test_the_card_seen_stands_for_the_confirmed_email_address(visit):
    """Online, supporting asks a confirmed email address; at a counter, the rule without it
    (``proposals.support_proposal_at_counter``), the card seen being checked by the counters."""
    proposal = ProposalFactory()
    resident = visit.resident
    assert not resident.has_perm("proposals.support_proposal", proposal)
    assert resident.has_perm("proposals.support_proposal_at_counter", proposal)
    assert visit.agent.has_perm("counters.act_for_resident", visit)
    # The rest of the rule holds at a counter as online: not one's own, only while open.
    assert not proposal.author.has_perm("proposals.support_proposal_at_counter", proposal)
    closed = ProposalFactory(status=ProposalStatus.REJECTED)
    assert not resident.has_perm("proposals.support_proposal_at_counter", closed)


def test_an_unknown_act_is_not_found(agent_client, visit):
    assert agent_client.get(act_url(visit, "vote-twice")).status_code == 404


# --- Each act -----------------------------------------------------------------------------------


def assert_audited(kind, agent, visit, target):
    entry = AuditLogEntry.objects.get(action=f"counter.{kind}")
    assert entry.actor == agent
    assert entry.object_id == target.pk
    assert entry.reason  # why the resident is served at the counter
    assert entry.data["visit"] == visit.pk
    assert entry.data["counter"] == arrondissement("tabriquet").pk
    assert entry.data["resident"] == visit.resident.pk


def test_a_proposal_submitted_for_a_resident(agent_client, agent, visit):
    _subject, data = subject_and_data("proposal_submitted")
    key = uuid.uuid4()
    for _twice in range(2):  # a double submit
        response = post_act(agent_client, visit, "proposal_submitted", None, data, key)
        assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.author == visit.resident
    assert (proposal.at_counter, proposal.recorded_by) == (arrondissement("tabriquet"), agent)
    assert proposal.status in {ProposalStatus.PENDING, ProposalStatus.PUBLISHED}
    action = VisitAction.objects.get(visit=visit, kind="proposal_submitted")
    assert action.record == proposal
    assert_audited("proposal_submitted", agent, visit, proposal)


def test_the_proposal_form_is_checked_as_online(agent_client, visit):
    _subject, data = subject_and_data("proposal_submitted")
    response = post_act(agent_client, visit, "proposal_submitted", None, data | {"title": ""})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_proposal_page_says_it_was_submitted_at_the_counter(client, agent, visit):
    online = ProposalFactory()
    at_counter = ProposalFactory(at_counter=arrondissement("tabriquet"), recorded_by=agent)
    with translation.override("en"):
        assert (
            'id="submitted-at-counter"'
            not in client.get(online.get_absolute_url()).content.decode()
        )
        content = client.get(at_counter.get_absolute_url()).content.decode()
    assert "Submitted at the" in content and "counter" in content


def test_a_proposal_supported_for_a_resident(agent_client, agent, visit):
    proposal = ProposalFactory()
    page = agent_client.get(act_url(visit, "proposal_supported", q=proposal.pk)).content.decode()
    assert f"?subject={proposal.pk}" in page
    assert (
        proposal.title
        in agent_client.get(act_url(visit, "proposal_supported", q="الشارع")).content.decode()
    )
    key = uuid.uuid4()
    for _twice in range(2):
        response = post_act(
            agent_client, visit, "proposal_supported", proposal, {"confirm": "on"}, key
        )
        assert response.status_code == 302
    support = Support.objects.get(proposal=proposal)
    assert support.user == visit.resident
    assert (support.at_counter, support.recorded_by) == (arrondissement("tabriquet"), agent)
    assert VisitAction.objects.get(visit=visit, kind="proposal_supported").record == support
    assert_audited("proposal_supported", agent, visit, support)
    assert not AuditLogEntry.objects.filter(action__endswith="_refused").exists()


@pytest.mark.parametrize("cause", ["already_supported", "own_proposal", "not_supportable"])
def test_a_support_refused_online_is_refused_at_the_counter(agent_client, agent, visit, cause):
    proposal = ProposalFactory()
    if cause == "already_supported":
        proposal_services.support(visit.resident, proposal)  # online, earlier
    elif cause == "own_proposal":
        proposal = ProposalFactory(author=visit.resident)
    else:
        proposal = ProposalFactory(status=ProposalStatus.IMPLEMENTED)
    response = post_act(agent_client, visit, "proposal_supported", proposal, {"confirm": "on"})
    assert response.status_code == 400
    assert 'class="message message--error' in response.content.decode()
    assert Support.objects.filter(at_counter__isnull=False).count() == 0
    assert not VisitAction.objects.filter(visit=visit, kind="proposal_supported").exists()
    assert not AuditLogEntry.objects.filter(action="counter.proposal_supported").exists()
    refusal = AuditLogEntry.objects.get(action="counter.proposal_supported_refused")
    assert (refusal.actor, refusal.data["cause"], refusal.data["visit"]) == (agent, cause, visit.pk)


def test_a_draft_cannot_be_chosen(agent_client, visit):
    draft = ProposalFactory(status=ProposalStatus.DRAFT)
    response = post_act(agent_client, visit, "proposal_supported", draft, {"confirm": "on"})
    assert response.status_code == 302  # back to the list: "choose from the list"
    assert not Support.objects.exists()
    page = agent_client.get(act_url(visit, "proposal_supported", q=draft.pk)).content.decode()
    assert f"?subject={draft.pk}" not in page


def test_a_consultation_answered_for_a_resident(agent_client, agent, visit):
    consultation = make_consultation()
    listing = agent_client.get(act_url(visit, "consultation_answered")).content.decode()
    assert f"?subject={consultation.pk}" in listing
    key = uuid.uuid4()
    for _twice in range(2):
        response = post_act(
            agent_client, visit, "consultation_answered", consultation, answers(), key
        )
        assert response.status_code == 302
    response_row = Response.objects.get(consultation=consultation)
    assert response_row.participant == visit.resident
    assert response_row.is_submitted
    assert (response_row.at_counter, response_row.recorded_by) == (
        arrondissement("tabriquet"),
        agent,
    )
    assert VisitAction.objects.get(visit=visit, kind="consultation_answered").record == (
        response_row
    )
    assert_audited("consultation_answered", agent, visit, response_row)


def test_the_questionnaire_is_checked_as_a_submission(agent_client, visit):
    consultation = make_consultation()
    data = answers()
    del data[f"q-{Q_SCALE}"]  # a required question
    response = post_act(agent_client, visit, "consultation_answered", consultation, data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Response.objects.exists()


def test_the_agent_never_sees_the_resident_s_earlier_answers(agent_client, visit):
    consultation = make_consultation()
    earlier = ResponseFactory(consultation=consultation, participant=visit.resident)
    earlier.answers.create(question=Q_SHORT, text="جوابي-السري")
    page = agent_client.get(
        act_url(visit, "consultation_answered", subject=consultation.pk)
    ).content.decode()
    assert "جوابي-السري" not in page
    post_act(agent_client, visit, "consultation_answered", consultation, answers("جديد"))
    assert list(
        Response.objects.get().answers.filter(question=Q_SHORT).values_list("text", flat=True)
    ) == ["جديد"]


def test_a_closed_consultation_is_refused(agent_client, agent, visit):
    now = timezone.now()
    consultation = make_consultation(
        phases={PhaseKind.QUESTIONNAIRE: (now - timedelta(days=10), now - timedelta(days=1))}
    )
    # Not offered, and refused if sent all the same.
    listing = agent_client.get(act_url(visit, "consultation_answered")).content.decode()
    assert f"?subject={consultation.pk}" not in listing
    response = post_act(agent_client, visit, "consultation_answered", consultation, answers())
    assert response.status_code == 400
    assert not Response.objects.exists()
    assert not VisitAction.objects.filter(kind="consultation_answered").exists()
    refusal = AuditLogEntry.objects.get(action="counter.consultation_answered_refused")
    assert (refusal.actor, refusal.data["cause"]) == (agent, "closed")


def test_a_project_evaluated_for_a_resident_and_evaluated_again(agent_client, agent, visit):
    project = make_project(make_axis())
    assert post_act(agent_client, visit, "plan_evaluated", project, scores()).status_code == 302
    # A second evaluation replaces the first, as online: one evaluation, one line on the visit.
    response = post_act(agent_client, visit, "plan_evaluated", project, scores(usefulness="1"))
    assert response.status_code == 302
    evaluation = ProjectEvaluation.objects.get()
    assert (evaluation.resident, evaluation.usefulness) == (visit.resident, 1)
    assert (evaluation.at_counter, evaluation.recorded_by) == (arrondissement("tabriquet"), agent)
    assert VisitAction.objects.filter(visit=visit, kind="plan_evaluated").count() == 1
    assert AuditLogEntry.objects.filter(action="counter.plan_evaluated").count() == 2


def test_the_evaluation_form_is_empty_at_the_counter(agent_client, visit):
    project = make_project(make_axis())
    ProjectEvaluation.objects.create(
        project=project,
        resident=visit.resident,
        usefulness=1,
        quality=1,
        progress=1,
        communication=1,
        comment="تعليقي-الخاص",
    )
    page = agent_client.get(act_url(visit, "plan_evaluated", subject=project.pk)).content.decode()
    assert "تعليقي-الخاص" not in page
    assert "checked" not in page


# --- Nothing escapes the audit log, everything is on the receipt ---------------------------------


def test_every_registered_act_is_audited_and_on_the_receipt(agent_client, agent, visit):
    titles = []
    for kind in counter_acts():
        subject, data = subject_and_data(kind)
        response = post_act(agent_client, visit, kind, subject, data)
        assert response.status_code == 302, kind
        entry = AuditLogEntry.objects.get(action=f"counter.{kind}")
        assert entry.actor == agent and entry.data["visit"] == visit.pk, kind
        titles.append(subject.title if subject is not None else data["title"])
    assert visit.actions.count() == len(KINDS)
    for language in ["ar", "fr"]:
        with translation.override(language):
            lines = receipt.action_lines(visit)
            pdf = receipt.receipt_pdf(visit)
        assert pdf.startswith(b"%PDF-")
        assert len(lines) == len(KINDS)
        details = " ".join(detail for _moment, _text, detail in lines)
        for title in titles:
            assert title in details
        assert "جواب" not in details  # an answer is never on the receipt
    page = agent_client.get(reverse("counters:file", args=[visit.pk])).content.decode()
    for title in titles:
        assert title in page


# --- Counted apart ------------------------------------------------------------------------------


def test_the_counter_home_counts_this_month_s_acts_in_one_query(agent_client, agent):
    def home_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = agent_client.get(reverse("counters:home"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    visit = open_file(agent, UnverifiedResidentFactory(), seen=True)
    subject, data = subject_and_data("proposal_supported")
    post_act(agent_client, visit, "proposal_supported", subject, data)
    few, _content = home_queries()
    for _more in range(4):
        other = open_file(agent, UnverifiedResidentFactory(), seen=True)
        post_act(agent_client, other, "proposal_supported", subject, data)
        post_act(agent_client, other, "plan_evaluated", *subject_and_data("plan_evaluated"))
    # Another counter's acts are not this counter's.
    elsewhere = make_agent("bettana")
    other_visit = open_file(elsewhere, UnverifiedResidentFactory(), seen=True)
    services.perform_act(
        elsewhere,
        other_visit,
        counter_acts()["proposal_supported"],
        subject,
        type("Form", (), {"cleaned_data": {}})(),
    )
    many, content = home_queries()
    assert many <= few
    counts = services.counts_this_month(arrondissement("tabriquet"))
    with translation.override("en"):
        labelled = {str(label): count for label, count in counts}
    assert labelled["Proposal supported"] == 5
    assert labelled["Project of the action plan evaluated"] == 4
    assert labelled["Consultation answered"] == 0
    assert 'id="this-month"' in content


def test_the_file_page_does_not_query_once_per_act(agent_client, agent, visit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def file_queries():
        with CaptureQueriesContext(connection) as queries:
            assert agent_client.get(reverse("counters:file", args=[visit.pk])).status_code == 200
        return len(queries)

    for kind in KINDS:
        post_act(agent_client, visit, kind, *subject_and_data(kind))
    few = file_queries()
    for _more in range(3):
        post_act(agent_client, visit, "proposal_supported", *subject_and_data("proposal_supported"))
        post_act(agent_client, visit, "proposal_submitted", *subject_and_data("proposal_submitted"))
    assert file_queries() <= few
