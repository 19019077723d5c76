"""The resident's consents page (participation/consents.py): the privacy notice accepted at
sign-up, and each optional use with its text, its version, when it was given, and a button to
give or withdraw it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participation import consents, ratelimits
from participation.models import Consent


def _rows(user):
    """Each registered purpose with the resident's current consent to it (one query)."""
    current = {
        row.purpose: row for row in Consent.objects.filter(user=user, withdrawn_at__isnull=True)
    }
    rows = []
    for purpose in consents.purposes():
        row = current.get(purpose.key)
        rows.append(
            {
                "purpose": purpose,
                "consent": row,
                "given": row is not None and row.text_version == purpose.version,
                # Given to an earlier text: it no longer counts until given again.
                "outdated": row is not None and row.text_version != purpose.version,
            }
        )
    return rows


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consents_page(request):
    if request.method == "POST":
        key, action = request.POST.get("purpose", ""), request.POST.get("action", "")
        try:
            purpose = consents.purpose(key)
        except consents.UnknownPurpose:
            return HttpResponseBadRequest()
        if action not in {"give", "withdraw"}:
            return HttpResponseBadRequest()
        if refused := ratelimits.refusal(request, "consent"):
            return refused
        if action == "give":
            consents.give(request.user, key)
            messages.success(
                request,
                _("Thank you: your consent is recorded. You can withdraw it here at any time."),
            )
        else:
            consents.withdraw(request.user, key)
            messages.success(
                request,
                _("Your consent is withdrawn: “%(purpose)s” stops now.")
                % {"purpose": purpose.label},
            )
        return redirect("profile_consents")
    return render(request, "participation/consents.html", {"rows": _rows(request.user)})


urlpatterns = [
    path("", consents_page, name="profile_consents"),
]
