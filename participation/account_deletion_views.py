""" "Delete my account" (participation/account_deletion.py): the page that says what is erased and
what is kept and why, the confirmation (the password; for an account without one, a link sent
by email), then the resident is logged out and told it is done."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.mail import EmailMessage
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from participation import ratelimits
from participation.account_deletion import AccountDeletionRefused, delete_account, refusal
from participation.tasks import queue_email

# The emailed confirmation link: signed with SECRET_KEY, bound to the account and its address,
# valid this long.
CONFIRMATION_SALT = "sharik.account_deletion"
CONFIRMATION_MAX_AGE_SECONDS = 60 * 60  # one hour


class PasswordConfirmationForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("To be sure it is you."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


def confirmation_token(user):
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRMATION_SALT)


def confirmation_data(token):
    """What the token was made for (``user``, ``email``), or None (altered, expired)."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return data


def confirmation_method(user):
    """How the resident confirms: ``password``, else ``email`` (a link), else ``checkbox`` (an
    account opened at a counter, without password or address, logged in with a printed code)."""
    if user.has_usable_password():
        return "password"
    if user.email:
        return "email"
    return "checkbox"


def _deleted(request):
    """Delete the account of the logged-in resident, log them out, and go to the last page."""
    language = translation.get_language()
    try:
        delete_account(request.user)
    except AccountDeletionRefused as refused:
        messages.error(request, str(refused))
        return redirect("account_delete")
    logout(request)
    with translation.override(language):
        return redirect("account_deleted")


def _page(request, **context):
    user = request.user
    return render(
        request,
        "participation/account_deletion/delete.html",
        {
            "refused": refusal(user),
            "method": confirmation_method(user),
            "retention_days": settings.SHARIK_SIGNATURE_RETENTION_DAYS,
            **context,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request):
    user = request.user
    method = confirmation_method(user)
    if request.method == "GET" or refusal(user):
        return _page(request, form=PasswordConfirmationForm(user))
    if refused := ratelimits.refusal(request, "account_deletion"):
        return refused
    if method == "password":
        form = PasswordConfirmationForm(user, request.POST)
        if not form.is_valid():
            return _page(request, form=form)
        return _deleted(request)
    if method == "checkbox":
        if request.POST.get("confirm") != "yes":
            return _page(request, form=None, checkbox_error=True)
        return _deleted(request)
    # By email: send a link, valid an hour, to the account's address.
    send_confirmation_link(request, user)
    messages.success(
        request,
        _(
            "We sent a link to your email address. Open it within an hour to confirm that "
            "you want to delete your account."
        ),
    )
    return redirect("account_delete")


def send_confirmation_link(request, user):
    with translation.override(user.preferred_language):
        url = request.build_absolute_uri(
            reverse("account_delete_confirm", args=[confirmation_token(user)])
        )
        subject = "[{}] {}".format(_("Sharik"), _("Confirm the deletion of your account"))
        body = render_to_string(
            "participation/account_deletion/confirm_email.txt", {"url": url, "user": user}
        )
    queue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def confirm_by_email(request, token):
    """The emailed link opens a page with one button: a link alone never deletes (mail
    scanners open links)."""
    data = confirmation_data(token)
    valid = (
        data is not None
        and data.get("user") == request.user.pk
        and data.get("email") == request.user.email
    )
    if not valid:
        return render(request, "participation/account_deletion/link_invalid.html", status=400)
    if request.method == "POST":
        if refusal(request.user):
            return redirect("account_delete")
        if refused := ratelimits.refusal(request, "account_deletion"):
            return refused
        return _deleted(request)
    return render(request, "participation/account_deletion/confirm.html", {"token": token})


@require_GET
def account_deleted(request):
    return render(request, "participation/account_deletion/done.html")


urlpatterns = [
    path("", delete_my_account, name="account_delete"),
    path("confirm/<str:token>/", confirm_by_email, name="account_delete_confirm"),
    path("done/", account_deleted, name="account_deleted"),
]
