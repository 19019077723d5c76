"""Files are judged by what they contain (participation/uploads.py): an image is decoded whole
under a pixel limit, a PDF is parsed; a decompression bomb, a damaged scan, a fake or locked PDF
are refused with a message, and through the association form nothing is kept."""

import io
import struct
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from participation.models import Arrondissement
from participation.uploads import IMAGE_MAX_PIXELS, reencode_photo, validate_document
from petitions.models import Organisation
from tests.cms.factories import pdf_bytes, png_bytes
from tests.factories import ResidentFactory, in_arabic


def _chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_declaring(width, height, pixel_data=b""):
    """A PNG whose header declares ``width`` by ``height`` pixels, with whatever data follows:
    a 20000 by 20000 one is a few dozen bytes on the wire and 400 million pixels once unpacked."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(pixel_data))
        + _chunk(b"IEND", b"")
    )


def upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type)


def refusal(content, name="file", content_type="application/octet-stream"):
    with pytest.raises(forms.ValidationError) as refused:
        validate_document(upload(name, content, content_type))
    return refused.value


def locked_pdf():
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_real_pdf_and_a_real_scan_are_kept_named_by_their_kind():
    pdf = validate_document(upload("statuts.exe", pdf_bytes(), "application/x-msdownload"))
    assert pdf.name == "document.pdf"
    scan = validate_document(upload("scan.pdf", png_bytes(), "application/pdf"))
    assert scan.name == "document.png"
    assert scan.read(8) == b"\x89PNG\r\n\x1a\n"  # left at its start for storage


def test_a_decompression_bomb_is_refused_before_it_is_unpacked():
    assert IMAGE_MAX_PIXELS < 20_000 * 20_000
    error = refusal(png_declaring(20_000, 20_000), "seat.png", "image/png")
    assert error.code == "too_many_pixels"


def test_the_pixel_limit_is_the_same_for_proposals_photos():
    with pytest.raises(forms.ValidationError) as refused:
        reencode_photo(upload("photo.png", png_declaring(20_000, 20_000), "image/png"))
    assert refused.value.code == "too_many_pixels"


def test_a_damaged_scan_is_refused():
    # A right header over pixel data that is cut short.
    error = refusal(png_declaring(40, 30, b"\x00" * 10), "scan.png", "image/png")
    assert error.code == "unreadable"


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 only the first line", b"%PDF-1.7\n" + b"\x00" * 2000],
    ids=["fake", "garbage"],
)
def test_a_pdf_that_does_not_parse_is_refused(content):
    assert refusal(content, "statuts.pdf", "application/pdf").code == "unreadable"


def test_a_pdf_locked_by_a_password_is_refused():
    assert refusal(locked_pdf(), "statuts.pdf", "application/pdf").code == "encrypted"


def test_anything_else_is_refused_whatever_its_name():
    assert refusal(b"MZ\x90\x00 program", "statuts.pdf", "application/pdf").code == "kind"


@pytest.mark.django_db
def test_an_association_whose_proof_of_seat_is_a_bomb_is_not_registered(client):
    representative = ResidentFactory()
    client.force_login(representative)
    response = client.post(
        "/ar/organisations/new/",
        {
            "name": "جمعية الأمل",
            "registration_reference": "2015/78",
            "created_on": "2015-05-01",
            "seat_address": "حي الرحمة، سلا",
            "arrondissement": Arrondissement.objects.canonical().first().pk,
            "seat_in_commune": "on",
            "field_of_activity": "التربية",
            "in_good_standing": "on",
            "democratic_statutes": "on",
            "statutes": upload("s.pdf", pdf_bytes("statutes"), "application/pdf"),
            "registration_receipt": upload("r.png", png_bytes(), "image/png"),
            "seat_proof": upload("seat.png", png_declaring(20_000, 20_000), "image/png"),
        },
    )
    assert response.status_code == 200  # the form again, with what was typed
    page = response.content.decode()
    assert in_arabic("The image has too many pixels.") in page
    assert "جمعية الأمل" in page
    assert not Organisation.objects.exists()
