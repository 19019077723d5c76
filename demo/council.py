"""Demonstration council sessions for ``seed_demo``: October 2026's ordinary session, past, with
its deliberations (one answering the demo's accepted proposal), and February 2027's, its agenda
published, answering a filed petition, a proposal and a plan project. They go through
council/services.py like real ones, so the content they name shows them on its timeline."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from council import services
from council.models import AgendaItem, CouncilSession, Outcome, SessionKind
from petitions.models import Petition, PetitionEvent, PetitionStatus
from plan.models import ProjectPage
from proposals.models import Proposal, ProposalEvent, ProposalStatus


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_council(stdout=None):
    if CouncilSession.objects.exists():
        return
    editor = get_user_model().objects.filter(email="editor@sale.example").first()
    accepted = Proposal.objects.filter(status=ProposalStatus.ACCEPTED).order_by("pk").first()
    published = Proposal.objects.filter(status=ProposalStatus.PUBLISHED).order_by("pk").first()
    filed = Petition.objects.filter(status=PetitionStatus.FILED).order_by("pk").first()
    project = ProjectPage.objects.filter(locale__language_code="ar").order_by("pk").first()

    past = CouncilSession.objects.create(
        kind=SessionKind.ORDINARY,
        title="دورة أكتوبر العادية 2026",
        starts_at=_at(datetime.date(2026, 10, 6)),
        place="قاعة اجتماعات المجلس الجماعي، شارع محمد الخامس، سلا",
        publish_agenda=True,
        summary="صادق المجلس على مشروع ميزانية 2027 وعلى إدماج الشباك الرقمي للحالة المدنية في "
        "برنامج عمل الجماعة.",
    )
    AgendaItem.objects.create(
        session=past,
        sort_order=0,
        title="دراسة مشروع ميزانية الجماعة لسنة 2027 والتصويت عليه",
        outcome=Outcome.ADOPTED,
        votes_for=38,
        votes_against=9,
        abstentions=3,
        deliberation_reference="2026/41",
        decision_text="صادق المجلس على مشروع ميزانية 2027 كما عرضته لجنة الميزانية والشؤون المالية.",
    )
    AgendaItem.objects.create(
        session=past,
        sort_order=1,
        title="إحداث شباك رقمي لطلب عقود الحالة المدنية",
        proposal=accepted,
        outcome=Outcome.ADOPTED,
        votes_for=47,
        votes_against=0,
        abstentions=3,
        deliberation_reference="2026/42",
        decision_text="يُدمج الشباك الرقمي في منصة الجماعة سنة 2027، بتمويل من الميزانية المصادق عليها.",
    )
    before = timezone.now()
    services.announce(past, editor)
    # What the past session told is dated of its day.
    PetitionEvent.objects.filter(created_at__gte=before).update(created_at=past.starts_at)
    ProposalEvent.objects.filter(created_at__gte=before).update(created_at=past.starts_at)
    CouncilSession.objects.filter(pk=past.pk).update(
        agenda_published_at=past.starts_at - datetime.timedelta(days=10)
    )

    upcoming = CouncilSession.objects.create(
        kind=SessionKind.ORDINARY,
        title="دورة فبراير العادية 2027",
        starts_at=_at(datetime.date(2027, 2, 2)),
        place="قاعة اجتماعات المجلس الجماعي، شارع محمد الخامس، سلا",
        publish_agenda=True,
    )
    items = [
        ("دراسة العريضة المتعلقة بسوق تابريكت", {"petition": filed}),
        ("برمجة الإنارة العمومية قرب المدارس", {"proposal": published}),
        ("تتبع تنفيذ مشاريع برنامج عمل الجماعة", {"project": project}),
        ("الدراسة والمصادقة على اتفاقية شراكة مع جمعيات الأحياء لتدبير ملاعب القرب", {}),
    ]
    for order, (title, links) in enumerate(items):
        AgendaItem.objects.create(
            session=upcoming,
            sort_order=order,
            title=title,
            **{name: host for name, host in links.items() if host is not None},
        )
    services.announce(upcoming, editor)
    if stdout is not None:
        stdout.write("Seeded 2 council sessions.")
