"""What consultations count in the participation figures (participation/figures.py): the
responses submitted (answers saved but never sent are not counted), in the month they were
submitted, in the arrondissement the participant gave with them, else the one of their profile.
Registered in consultations/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _

from consultations.models import Response
from participation.figures import Series


def participation_series():
    return [
        Series(
            kind="responses",
            label=_("Consultation responses"),
            records=lambda: Response.objects.filter(submitted_at__isnull=False),
            date="submitted_at",
            arrondissement=("arrondissement", "participant__arrondissement"),
            participant="participant",
            counter="at_counter",
            order=50,
        ),
    ]
