"""Views of the core: the resident's profile, health check and friendly error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participation.forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The resident edits their display name, arrondissement and preferred language."""
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect(translate_url(reverse("profile"), user.preferred_language))
    return render(request, "participation/profile.html", {"form": form})


@never_cache
def health(request):
    """For the load balancer and the deployment check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
