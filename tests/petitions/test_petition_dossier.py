"""The official dossier of a filed petition (petitions/dossier.py): the petition's text and its
signatories with the details the law requires, as CSV and PDF, in Arabic by default."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from participation.models import Arrondissement, IdentityDeclaration
from participation.national_id import cin_digest, encrypt_cin
from petitions import dossier
from petitions.models import (
    CouncilCompetence,
    Organisation,
    Petition,
    PetitionKind,
    PetitionStatus,
    Signature,
)
from tests.factories import ResidentFactory

FILED_AT = timezone.make_aware(datetime(2026, 11, 20, 10, 30))
GENERATED_AT = timezone.make_aware(datetime(2026, 11, 21, 9, 0))

SIGNATORIES = [
    # (full name, CIN, address, activity, on the electoral rolls)
    ("محمد العلوي", "AB123456", "زنقة 12، حي السلام، سلا", "", True),
    ("Fatima Zahra Bennani", "EE98765", "Rue 4, Hay Karima", "", False),
    ("يوسف Ben Salah", "A1234", "", "Bakery, Bab Lamrissa market", True),
]


def make_petition(
    count=0, kind=PetitionKind.RESIDENTS, signatories=SIGNATORIES, reasons="الشارع مظلم ليلا. " * 80
):
    mandataire = ResidentFactory(display_name="ممثل العريضة")
    arrondissements = list(Arrondissement.objects.canonical()[:2])
    petition = Petition.objects.create(
        kind=kind,
        title="إنارة عمومية في شارع محمد الخامس — Avenue Mohammed V",
        question="وضع إنارة عمومية في شارع محمد الخامس بين ساحة الشهداء وباب لمريسة.",
        reasons=reasons,
        competence=CouncilCompetence.objects.canonical().first(),
        mandataire=mandataire,
        status=PetitionStatus.FILED,
        receipt_number="SALE-2026-0007",
        filed_at=FILED_AT,
    )
    petition.arrondissements.set(arrondissements)
    rows = list(signatories)
    rows += [
        (f"Signatory {number}", f"K{number:06d}", f"Rue {number}", "", number % 2 == 0)
        for number in range(count)
    ]
    Signature.objects.bulk_create(
        Signature(
            petition=petition,
            cin_digest=cin_digest(cin),
            cin_encrypted=encrypt_cin(cin),
            full_name=name,
            address=address,
            activity=activity,
            arrondissement=arrondissements[index % 2],
            on_electoral_roll=on_roll,
            declaration_version="2026-11",
            created_at=FILED_AT - timedelta(days=10) + timedelta(minutes=index),
        )
        for index, (name, cin, address, activity, on_roll) in enumerate(rows)
    )
    petition.signature_count = len(rows)
    petition.save(update_fields=["signature_count"])
    return petition


def csv_rows(petition):
    text = "".join(dossier.dossier_csv(petition, generated_at=GENERATED_AT))
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def page_count(pdf):
    return len(re.findall(rb"/Type /Page\b", pdf))


@pytest.mark.django_db
def test_signatory_rows_hold_what_each_signatory_declared():
    petition = make_petition()
    with translation.override("ar"):
        rows = list(dossier.signatory_rows(petition))
    assert [row["number"] for row in rows] == [1, 2, 3]
    assert [row["full_name"] for row in rows] == [name for name, *_ in SIGNATORIES]
    assert [row["cin"] for row in rows] == ["AB123456", "EE98765", "A1234"]
    # The address, or the activity of someone who does not live in the commune.
    assert rows[2]["address"] == "Bakery, Bab Lamrissa market"
    assert rows[0]["signed_at"] == "2026-11-10 10:30"
    assert rows[0]["electoral_roll"] != rows[1]["electoral_roll"]
    arrondissement = Arrondissement.objects.canonical().first()
    assert rows[0]["arrondissement"] == arrondissement.name  # Arabic is the default locale


@pytest.mark.django_db
def test_arrondissement_names_follow_the_active_language():
    petition = make_petition()
    arrondissement = Arrondissement.objects.canonical().first()
    french = Arrondissement.objects.names_in("fr")[arrondissement.translation_key]
    with translation.override("fr"):
        rows = list(dossier.signatory_rows(petition))
    assert rows[0]["arrondissement"] == french


@pytest.mark.django_db
def test_csv_lists_every_signatory_with_the_decrypted_cin():
    petition = make_petition()
    with translation.override("ar"):
        rows = csv_rows(petition)
    flat = [value for row in rows for value in row]
    assert "SALE-2026-0007" in flat
    assert "3" in flat  # the number of signatures
    assert "2026-11-20 10:30" in flat
    assert "2026-11-21 09:00" in flat
    blank = rows.index([])
    assert len(rows) - blank - 2 == len(SIGNATORIES)  # a heading row, then one per signatory
    for name, cin, *_ in SIGNATORIES:
        assert any(name in row and cin in row for row in rows[blank + 2 :])


@pytest.mark.django_db
def test_csv_never_hands_a_spreadsheet_a_formula():
    petition = make_petition(
        signatories=[('=HYPERLINK("http://evil.example")', "AB1", "+212 Rue", "", True)]
    )
    rows = csv_rows(petition)
    assert rows[-1][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[-1][3] == "'+212 Rue"


@pytest.mark.django_db
def test_csv_does_not_query_once_per_signatory(django_assert_max_num_queries):
    petition = make_petition(count=60)
    with django_assert_max_num_queries(2):
        rows = csv_rows(petition)
    assert len(rows) > 60


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_pdf_is_generated_in_each_language(language):
    petition = make_petition()
    with translation.override(language):
        pdf = dossier.dossier_pdf(petition, generated_at=GENERATED_AT)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    # The particulars and text on one page, the signatories on the next.
    assert page_count(pdf) == 2


@pytest.mark.django_db
def test_pdf_of_many_signatories_runs_over_pages(django_assert_max_num_queries):
    petition = make_petition(count=200)
    with translation.override("ar"), django_assert_max_num_queries(8):
        pdf = dossier.dossier_pdf(petition, generated_at=GENERATED_AT)
    # One page of particulars and text, then the list: 25 one-line rows under its heading, 26 on
    # each following page under the repeated column headings (203 rows).
    assert page_count(pdf) == 1 + 8


@pytest.mark.django_db
def test_association_petition_names_the_association_and_lists_no_signatories():
    petition = make_petition(
        kind=PetitionKind.ASSOCIATION, signatories=[], reasons="الشارع مظلم ليلا."
    )
    organisation = Organisation.objects.create(
        name="جمعية أحياء سلا للتنمية",
        registration_reference="وصل نهائي 45/2019",
        created_on=datetime(2019, 3, 1).date(),
        seat_address="15 زنقة الأمل، تابريكت",
        arrondissement=Arrondissement.objects.canonical().first(),
        field_of_activity="تنمية الأحياء",
    )
    petition.organisation = organisation
    petition.save(update_fields=["organisation"])
    with translation.override("ar"):
        particulars = dict(dossier.petition_particulars(petition, GENERATED_AT))
        pdf = dossier.dossier_pdf(petition, generated_at=GENERATED_AT)
    assert organisation.name in particulars.values()
    assert "وصل نهائي 45/2019" in particulars.values()
    assert page_count(pdf) == 1


@pytest.mark.django_db
def test_mandataire_is_named_as_on_their_identity_declaration():
    petition = make_petition()
    assert dossier.mandataire_name(petition) == "ممثل العريضة"
    declaration = IdentityDeclaration(
        user=petition.mandataire,
        full_name="عبد الله المرابط",
        basis="resident",
        address="سلا",
        arrondissement=Arrondissement.objects.canonical().first(),
        on_electoral_roll=True,
        declaration_version="2026-11",
    )
    declaration.set_cin("CD445566")
    declaration.save()
    assert dossier.mandataire_name(petition) == "عبد الله المرابط"


def test_long_values_wrap_inside_their_column():
    pdf = dossier.DossierDocument("SALE-2026-0007", right_to_left=True)
    pdf.add_page()
    address = "الزنقة 14، الرقم 3، حي الرحمة، قرب المسجد الكبير، مقاطعة احصين، سلا الجديدة"
    lines = pdf.wrap(address, 40)
    assert len(lines) > 1
    assert " ".join(lines) == address
    assert all(pdf.get_string_width(line) <= 40 for line in lines)
    unbroken = "x" * 300
    assert "".join(pdf.wrap(unbroken, 20)) == unbroken


@pytest.mark.parametrize(
    ("text", "expected"),
    [("الوصل SALE-1 — الصفحة 1 من {nb}", True), ("Receipt SALE-1 — page 1 of {nb}", False)],
)
def test_footer_direction_follows_its_first_letter(text, expected):
    assert dossier.reads_right_to_left(text) is expected
