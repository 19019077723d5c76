"""What petitions count in the participation figures (participation/figures.py): the
signatures, in the arrondissement the signatory declared when signing, else the one of their
profile. Registered in petitions/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _

from participation.figures import Series
from petitions.models import Signature


def participation_series():
    return [
        Series(
            kind="signatures",
            label=_("Petition signatures"),
            records=lambda: Signature.objects.all(),
            date="created_at",
            arrondissement=("arrondissement", "user__arrondissement"),
            participant="user",
            counter="at_counter",
            order=40,
        ),
    ]
