"""The map every feature draws (proposals, the action plan): tiles, attribution and the initial
view, from settings. Tiles are the one resource residents' browsers fetch from elsewhere, so the
commune may point ``SHARIK_MAP_TILE_URL`` at its own tile server (README, "Personal data")."""

from django.conf import settings


def map_settings():
    """What the map script needs, passed to templates as ``map``."""
    return {
        "tiles": settings.SHARIK_MAP_TILE_URL,
        "attribution": settings.SHARIK_MAP_ATTRIBUTION,
        "center": settings.SHARIK_MAP_CENTER,
        "zoom": settings.SHARIK_MAP_ZOOM,
    }
