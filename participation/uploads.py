"""Files residents send: checked by what they contain, never by their name or declared type.

An image is decoded whole under a pixel limit before anything keeps it (a small PNG may unpack
to gigabytes: a "decompression bomb"); a PDF is parsed, page by page count; anything else is
refused with a message that says what to send. Every form that accepts a file goes through here:
proposals' photos (re-encoded after this check) and the documents of petitions and associations.
"""

import warnings
from io import BytesIO

from django import forms
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

# Fifty megapixels: a phone's photo or a scan at 600 dpi fits; a bomb does not.
IMAGE_MAX_PIXELS = 50_000_000
# Supporting documents (PDF or a scan/photo): at most this many bytes.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_KINDS = {
    b"%PDF-": ".pdf",
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG\r\n\x1a\n": ".png",
}

IMAGE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def decode_image(upload, unreadable):
    """The image in ``upload``, decoded whole, or a ValidationError: ``unreadable`` when it is
    not an image Pillow reads or its data is damaged, "too many pixels" past IMAGE_MAX_PIXELS
    (checked from the header, before any pixel is unpacked)."""
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; here any bomb is an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise forms.ValidationError(
                    _("The image has too many pixels."), code="too_many_pixels"
                )
            image.verify()
            upload.seek(0)
            image = Image.open(upload)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise forms.ValidationError(
                _("The image has too many pixels."), code="too_many_pixels"
            ) from error
        except IMAGE_ERRORS as error:
            raise forms.ValidationError(unreadable, code="unreadable") from error
    upload.seek(0)
    return image


# A resident's photo (a proposal's, a budget idea's): at most this many bytes uploaded,
# re-encoded to at most this many pixels on its longest side, as JPEG without its metadata
# (which may hold the place and the phone).
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 1600


def reencode_photo(upload):
    """Validate a resident's uploaded photo and return it re-encoded (JPEG, bounded, metadata
    dropped); a form's ``clean_<field>`` calls it."""
    if upload.size > PHOTO_MAX_BYTES:
        raise forms.ValidationError(
            _("The image is too large (%(size)d MB). The limit is 5 MB.")
            % {"size": round(upload.size / 1024 / 1024)}
        )
    image = decode_image(
        upload, _("This file is not an image we can read. Send a JPEG, PNG or WebP photo.")
    )
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    output = BytesIO()
    image.save(output, "JPEG", quality=85, optimize=True)
    size = output.tell()
    output.seek(0)
    return InMemoryUploadedFile(output, "image", "photo.jpg", "image/jpeg", size, None)


def check_pdf(upload):
    """Parse the PDF in ``upload``: it must open (not damaged, not locked by a password) and
    have at least one page."""
    upload.seek(0)
    try:
        reader = PdfReader(BytesIO(upload.read()))
        if reader.is_encrypted:
            raise forms.ValidationError(
                _("This PDF is protected by a password. Send it without the protection."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except forms.ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise forms.ValidationError(
            _("This PDF is damaged and cannot be read. Send it again."), code="unreadable"
        ) from error
    finally:
        upload.seek(0)
    if pages == 0:
        raise forms.ValidationError(
            _("This PDF is damaged and cannot be read. Send it again."), code="unreadable"
        )


def validate_document(upload):
    """A PDF, JPEG or PNG file, judged by its content, at most 10 MB, that opens: the PDF is
    parsed, the image decoded under the pixel limit. Returns the upload named by its kind."""
    if upload is None or not hasattr(upload, "content_type"):
        return upload  # the file already saved
    if upload.size > DOCUMENT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is too large (%(size)d MB). The limit is 10 MB.")
            % {"size": round(upload.size / 1024 / 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, extension in DOCUMENT_KINDS.items():
        if head.startswith(signature):
            if extension == ".pdf":
                check_pdf(upload)
            else:
                decode_image(upload, _("This scan is damaged and cannot be read. Send it again."))
            upload.name = f"document{extension}"
            return upload
    raise forms.ValidationError(_("Send a PDF file or a JPEG or PNG scan."), code="kind")
