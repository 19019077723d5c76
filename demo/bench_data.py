"""The large data the page benchmarks read (bench/pages.py): a petition with a million
signatures and a consultation with 100,000 submitted responses. PostgreSQL only: the signatures
are made by one ``INSERT … SELECT FROM generate_series``. Each is made once and found again by
its slug or title on later runs."""

import random

from django.db import connection
from django.utils import timezone

from consultations.models import (
    Answer,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPhase,
    Response,
)
from demo.consultations import BUDGET_QUESTIONS, _answers, _questionnaire
from participation.models import Arrondissement, IdentityDeclaration, User
from petitions.counts import record_signature_count
from petitions.models import CouncilCompetence, Petition, PetitionStatus, Signature

PETITION_TITLE = "عريضة قياس الأداء: مليون توقيع"
CONSULTATION_SLUG = "bench-results"


def collecting_petition(title, mandataire, **fields):
    """A residents' petition collecting signatures, for a benchmark."""
    return Petition.objects.create(
        title=title,
        question="هل توافقون على تهيئة كورنيش سلا؟",
        reasons="عريضة لقياس الأداء.",
        competence=CouncilCompetence.objects.canonical().first(),
        mandataire=mandataire,
        status=PetitionStatus.COLLECTING,
        signature_threshold=400,
        **fields,
    )


def petition_with_signatures(count=1_000_000):
    petition = Petition.objects.filter(title=PETITION_TITLE).first()
    if petition is None:
        mandataire, _ = User.objects.get_or_create(
            email="bench-mandataire@sale.example", defaults={"display_name": "وكيل القياس"}
        )
        petition = collecting_petition(PETITION_TITLE, mandataire)
    missing = count - Signature.objects.filter(petition=petition).count()
    if missing > 0:
        arrondissement = Arrondissement.objects.canonical().first()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {Signature._meta.db_table}
                    (petition_id, cin_digest, cin_encrypted, full_name, address, activity,
                     arrondissement_id, on_electoral_roll, declaration_version, show_name,
                     created_at)
                SELECT %s, md5('bench-' || n), '', 'موقع ' || n, 'سلا', '', %s, true, 'bench',
                       n %% 3 = 0, now() - (n || ' seconds')::interval
                FROM generate_series(%s, %s) AS n
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                [petition.pk, arrondissement.pk, count - missing + 1, count],
            )
    record_signature_count(petition.pk)
    return petition


def residents_with_declarations(count, prefix, cin_prefix):
    """``count`` residents (``<prefix>-<n>@sale.example``) who declared their identity as signing
    requires, made in bulk; each CIN is ``<cin_prefix><n:06d>``."""
    arrondissement = Arrondissement.objects.canonical().first()
    users = User.objects.bulk_create(
        User(email=f"{prefix}-{n}@sale.example", display_name=f"مقيم {n}", password="!")  # noqa: S106 (unusable)
        for n in range(count)
    )
    declarations = []
    for n, user in enumerate(users):
        declaration = IdentityDeclaration(
            user=user,
            full_name=f"مقيم رقم {n}",
            basis="residence",
            address="سلا",
            arrondissement=arrondissement,
            on_electoral_roll=True,
            declaration_version="bench",
        )
        declaration.set_cin(f"{cin_prefix}{n:06d}")
        declarations.append(declaration)
    IdentityDeclaration.objects.bulk_create(declarations)
    return users


def consultation_with_responses(responses=100_000, slug=CONSULTATION_SLUG, title=None):
    """A published consultation page whose questionnaire (the demo's participatory budget) has
    ``responses`` submitted responses; found again by its slug."""
    page = ConsultationPage.objects.filter(slug=slug).first()
    if page is not None:
        return page
    now = timezone.now()
    index = ConsultationIndexPage.objects.get(locale__language_code="ar")
    page = ConsultationPage(
        title=title or f"ميزانية تشاركية: نتائج {responses:,} مشاركة",
        slug=slug,
        summary="استشارة لقياس أداء صفحة النتائج.",
        questionnaire=_questionnaire(BUDGET_QUESTIONS, "ar"),
        results_immediately=True,
    )
    page.phases = [
        ConsultationPhase(
            kind="questionnaire",
            starts_at=now - timezone.timedelta(days=10),
            ends_at=now + timezone.timedelta(days=10),
        )
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    arrondissements = [a.pk for a in Arrondissement.objects.canonical()]
    rng = random.Random(responses)
    for start in range(0, responses, 5_000):
        batch = Response.objects.bulk_create(
            Response(
                consultation=page,
                arrondissement_id=arrondissements[n % len(arrondissements)],
                submitted_at=now,
            )
            for n in range(start, min(responses, start + 5_000))
        )
        rows = []
        for response in batch:
            for question in BUDGET_QUESTIONS:
                for answer in _answers(question, rng, response.arrondissement_id):
                    answer.response = response
                    rows.append(answer)
        Answer.objects.bulk_create(rows, batch_size=5_000)
    return ConsultationPage.objects.get(pk=page.pk)
