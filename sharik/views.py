"""Site-wide views: liveness and readiness checks, robots.txt and the CSRF failure page."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from sharik.readiness import readiness as readiness_checks


@never_cache
def health(request):
    """For the load balancer and the deployment check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
def readiness(request):
    """For the load balancer and monitoring: each service answers, or 503 saying which does not
    (sharik/readiness.py)."""
    ready, checks = readiness_checks()
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )


def csrf_failure(request, reason=""):
    """Shown when a form is sent without a valid CSRF token (often: an expired page)."""
    return render(request, "403_csrf.html", status=403)


def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.SHARIK_ADMIN_PATH}/",
        "Disallow: /*/accounts/",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")
