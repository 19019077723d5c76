""" "Download my data": the resident asks for an export from their profile page and downloads
it from there once it is ready (participation/data_export.py)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from participation import ratelimits
from participation.data_export_tasks import request_export
from participation.models import DataExport
from participation.services import audit


@login_required
@require_POST
def request_data_export(request):
    if refused := ratelimits.refusal(request, "data_export"):
        return refused
    _export, created = request_export(request.user)
    if created:
        messages.success(
            request,
            _(
                "Your data is being prepared. We will tell you when it is ready to download; "
                "it may take a few minutes."
            ),
        )
    else:
        messages.info(request, _("Your data is already being prepared."))
    return redirect("profile")


@never_cache
@login_required
@require_GET
def download_data_export(request, pk):
    export = get_object_or_404(DataExport, pk=pk)
    # The rule itself, not ``user.has_perm``, which grants everything to superusers: an export
    # is its resident's alone. Anyone else is told it does not exist.
    if not rules.has_perm("participation.download_data_export", request.user, export):
        raise Http404
    if export.is_pending:
        raise Http404
    if export.is_expired():
        return render(request, "participation/data_export/expired.html", status=410)
    DataExport.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())
    audit(request.user, "data_export.downloaded", export)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"sharik-data-{export.ready_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("", request_data_export, name="data_export_request"),
    path("<int:pk>/download/", download_data_export, name="data_export_download"),
]
