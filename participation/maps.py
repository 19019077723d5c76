"""The map every feature draws (proposals, the action plan): tiles, attribution and the initial
view, from settings. Tiles are the one resource residents' browsers fetch from elsewhere, so the
commune may point ``SHARIK_MAP_TILE_URL`` at its own tile server (README, "Map tiles").

The controls' labels (zoom buttons, the attribution's prefix, a popup's close button) are
translated by the templates and passed to the map script as data attributes; OpenStreetMap's
credit in the attribution is translated here."""

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext

# The default of SHARIK_MAP_ATTRIBUTION (sharik/settings.py).
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"


def attribution():
    """The tiles' attribution as HTML for Leaflet, in the reader's language: OpenStreetMap's
    default becomes the translated credit linked to its copyright page, as OpenStreetMap asks;
    another setting is kept, its "© OpenStreetMap contributors" translated. A plain ``str``:
    templates escape it into the data attribute and the script reads it back as HTML."""
    configured = settings.SHARIK_MAP_ATTRIBUTION
    credit = f"{escape(gettext('© OpenStreetMap contributors'))}"
    if configured == OSM_ATTRIBUTION:
        return f'<a href="{OSM_COPYRIGHT_URL}">{credit}</a>'
    return configured.replace(OSM_ATTRIBUTION, credit)


def map_settings():
    """What the map script needs, passed to templates as ``map``."""
    return {
        "tiles": settings.SHARIK_MAP_TILE_URL,
        "attribution": attribution(),
        "center": settings.SHARIK_MAP_CENTER,
        "zoom": settings.SHARIK_MAP_ZOOM,
    }
