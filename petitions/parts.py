"""The personal part of a petition's page (participation/personal.py): what the reader can do
about signing it."""

from django.utils.translation import get_language

from participation.backends import declaration_of
from participation.lookups import row_exists
from participation.pagecache import remembered
from participation.personal import personal_part, render_part
from petitions.forms import SignatureForm
from petitions.models import PetitionStatus, Signature
from petitions.services import declaration_refusal


@personal_part("petitions.sign")
def sign(request, petition_pk, status, may_sign):
    """``may_sign``: the reader's kind may sign now (``petitions.sign_petition``, worked out with
    the page: a confirmed email, the petition collecting)."""
    user = request.user
    signed = user.is_authenticated and row_exists(Signature, petition=petition_pk, user=user.pk)
    refusal, needs_identity = None, False
    if not signed and may_sign:
        declaration = declaration_of(user)
        refusal = declaration_refusal(declaration)
        needs_identity = declaration is None
    context = {
        "petition_pk": petition_pk,
        "status": status,
        "signed": signed,
        "can_sign": not signed and may_sign and refusal is None,
        "signing_refusal": refusal,
        "needs_identity": needs_identity,
        "collecting": status == PetitionStatus.COLLECTING,
    }
    # Nothing of the reader's is in it but what the key says (and the token marker): the same
    # rendering serves every reader in the same situation.
    key = ("petition-sign", *context.values(), user.is_authenticated, get_language(), request.path)
    return remembered(
        tuple(str(value) for value in key),
        lambda: render_part(
            request, "petitions/_sign.html", {**context, "sign_form": SignatureForm()}
        ),
    )
