"""The counter in a counter agent's account menu (participation/parts.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from counters import figures
from participation.figures import PARTICIPATION_SERIES_HOOK
from participation.parts import ACCOUNT_MENU_LINKS_HOOK


@hooks.register(ACCOUNT_MENU_LINKS_HOOK)
def counter_link(user):
    if not user.has_perm("counters.use_counter"):
        return []
    return [(_("My counter"), reverse("counters:home"))]


# What it counts in the participation figures (participation/figures.py).
hooks.register(PARTICIPATION_SERIES_HOOK, figures.participation_series)
