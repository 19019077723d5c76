"""What the counters count in the participation figures (participation/figures.py): every act
an agent recorded for a resident (an account opened, a declaration, a signature, a support…;
the identity card seen is a check before acting, not an act), in the arrondissement of the
office where it was done. The share of each kind of participation done at a counter is counted
by the feature itself (its rows' ``at_counter``). Registered in counters/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _

from counters.models import ActionKind, VisitAction
from participation.figures import Series


def participation_series():
    return [
        Series(
            kind="counter_acts",
            label=_("Acts at the counters"),
            records=lambda: VisitAction.objects.exclude(kind=ActionKind.IDENTITY_SEEN),
            date="created_at",
            arrondissement=("visit__arrondissement",),
            participant="visit__resident",
            order=90,
        ),
    ]
