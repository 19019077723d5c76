"""The personal part of a proposal's page (participation/personal.py): what the reader can do
about supporting it."""

from django.utils.translation import get_language

from participation.lookups import row_exists
from participation.pagecache import remembered
from participation.personal import personal_part, render_part
from proposals.models import Support


@personal_part("proposals.support")
def support(request, proposal_pk, author_id, is_public, may_support):
    """``may_support``: the reader's kind may support it (``proposals.support_proposal``, worked
    out with the page: a confirmed email, not the author, the proposal open to supports)."""
    user = request.user
    supported = user.is_authenticated and row_exists(Support, proposal=proposal_pk, user=user.pk)
    context = {
        "proposal_pk": proposal_pk,
        "author_id": author_id,
        "is_public": is_public,
        "has_supported": supported,
        "can_support": may_support,
    }
    # Nothing of the reader's is in it but what the key says (and the token marker).
    is_author = user.is_authenticated and user.pk == author_id
    key = ("proposal-support", *context.values(), user.is_authenticated, is_author)
    return remembered(
        tuple(str(value) for value in (*key, get_language(), request.path)),
        lambda: render_part(request, "proposals/_support.html", context),
    )
