from django.conf import settings


def site_chrome(request):
    """Values every page template needs for its header and footer."""
    return {
        "SHARIK_ADMIN_URL": f"/{settings.SHARIK_ADMIN_PATH}/",
        "SHARIK_COMMUNE_NAME": settings.SHARIK_COMMUNE_NAME,
    }
