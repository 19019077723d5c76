"""Printing a resident's one-time log-in code from their file at the counter
(``POST /<language>/counter/files/<pk>/login-code/``).

HTTP only: the permission (counters/login_codes.py ``counters.issue_login_code``), the counter's
rate limit, the verb, and the sheet as a PDF shown in the browser to print. The response is not
kept by the browser or any cache: the code is on paper only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from counters import login_code_sheet, login_codes
from counters.models import Visit
from participation import ratelimits
from participation.services import ParticipationError

WRITE_LIMIT = "counter"
SHEET_LANGUAGES = {"ar", "fr"}


@login_required
@require_POST
def print_login_code(request, pk):
    """A new code for the visit's resident, on a sheet in Arabic or French (``language``)."""
    visit = get_object_or_404(
        Visit.objects.select_related("resident", "arrondissement", "agent"), pk=pk
    )
    if not request.user.has_perm("counters.issue_login_code", visit):
        raise PermissionDenied
    if refused := ratelimits.refusal(request, WRITE_LIMIT):
        return refused
    language = request.POST.get("language")
    if language not in SHEET_LANGUAGES:
        language = "ar"
    try:
        issued = login_codes.issue_for_visit(request.user, visit)
    except ParticipationError as error:
        messages.error(request, str(error))
        return redirect("counters:file", pk=visit.pk)
    with translation.override(language):
        content = login_code_sheet.login_code_pdf(visit, issued)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="login-code-{language}.pdf"'
    add_never_cache_headers(response)
    return response
