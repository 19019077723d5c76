from django.conf import settings


def site_chrome(request):
    """Values every page template needs for its header and footer (the account menu is a
    personal part of the page: participation/parts.py)."""
    return {"SHARIK_COMMUNE_NAME": settings.SHARIK_COMMUNE_NAME}
