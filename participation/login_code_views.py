"""The code page, next to the log-in page (``/<language>/accounts/code/``): a resident types the
one-time code a counter agent printed for them (participation/login_codes.py) and is logged in.

HTTP only: the rate limit (every attempt counts, right or wrong), the form, ``redeem``, the
log-in. A code that does not work is refused with one message whatever the reason (unknown,
used, expired), and the page shows again what was typed.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from participation import login_codes, ratelimits

RATE_LIMIT = "login_code"
# The backend the session remembers: allauth's, as for a password log-in (sharik/settings.py).
BACKEND = "participation.backends.ResidentBackend"


class LoginCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Your code"),
        max_length=40,
        help_text=gettext_lazy(
            "The 12 letters and digits printed on the paper from the counter, such as "
            "ABCD-EFGH-JKMN. Small letters, spaces and dashes do not matter."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "dir": "ltr",
            }
        ),
    )


def _safe_next(request):
    """Where to go after logging in, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def log_in_with_code(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request) or "profile")
    form = LoginCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if refused := ratelimits.refusal(request, RATE_LIMIT):
            return refused
        if form.is_valid():
            user = login_codes.redeem(form.cleaned_data["code"])
            if user is None:
                form.add_error(
                    "code",
                    _(
                        "This code does not open an account. Check that you typed it as "
                        "printed; a code works once and for a few days only. A counter of the "
                        "commune can print you a new one."
                    ),
                )
            else:
                login(request, user, backend=BACKEND)
                messages.success(request, _("You are logged in."))
                # Continue in the language the resident chose, as after a password log-in
                # (participation/adapters.py).
                target = _safe_next(request) or reverse("profile")
                return redirect(translate_url(target, user.preferred_language))
    return render(
        request, "participation/login_code.html", {"form": form, "next": _safe_next(request)}
    )
