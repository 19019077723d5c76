from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site_chrome(request):
    """Values every page template needs for its header and footer."""
    user = getattr(request, "user", None)
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: (
                user.notifications.filter(read_at__isnull=True).count()
                if user is not None and user.is_authenticated
                else 0
            )
        ),
        "SHARIK_ADMIN_URL": f"/{settings.SHARIK_ADMIN_PATH}/",
        "SHARIK_COMMUNE_NAME": settings.SHARIK_COMMUNE_NAME,
    }
