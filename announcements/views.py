"""The page a resident reaches from an announcement's link to stop them: no log-in, the
signed link is the proof. A GET shows a button (mail programs and scanners open links by
themselves: a GET changes nothing); the POST withdraws the consent. Mail programs that offer
their own "unsubscribe" button POST ``List-Unsubscribe=One-Click`` to the same address
(RFC 8058), without a cookie or a CSRF token: the view is exempt, the signature is the
protection."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from announcements.apps import CONSENT_PURPOSE
from announcements.emails import read_unsubscribe_token
from participation import consents, ratelimits


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        user_id, purpose = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return _page(request, "expired", status=400)
    except signing.BadSignature:
        return _page(request, "invalid", status=400)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or purpose != CONSENT_PURPOSE:
        return _page(request, "invalid", status=400)
    if request.method == "POST":
        if refused := ratelimits.refusal(request, "announcement_unsubscribe"):
            return refused
        consents.withdraw(user, CONSENT_PURPOSE)
        return _page(request, "done")
    if not consents.has_consented(user, CONSENT_PURPOSE):
        return _page(request, "already")
    return _page(request, "confirm")


def _page(request, state, status=200):
    response = render(request, "announcements/unsubscribe.html", {"state": state}, status=status)
    # The address carries the resident's token: it stays out of caches and referrers.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
