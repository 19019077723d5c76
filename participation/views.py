"""Views of the core: the resident's profile, health check and friendly error pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation import ratelimits, services, supports
from participation.comment_counts import thread_comment_count
from participation.forms import (
    CommentEditForm,
    CommentForm,
    IdentityDeclarationForm,
    ModerationReasonForm,
    NotificationSettingsForm,
    ProfileForm,
    ReportForm,
)
from participation.hosts import get_host
from participation.models import (
    Comment,
    IdentityDeclaration,
    NotificationPreference,
)

RATE_LIMIT_MESSAGE = gettext_lazy(
    "You are going a little fast. Please wait a minute before trying again."
)


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


# --- Participation core: comments, follows, reports, notifications ---------------------------

COMMENT_DRAFT_SESSION_KEY = "sharik_comment_draft"


def _host_or_404(thread_key):
    content_type_id, _sep, object_id = thread_key.partition(".")
    host = get_host(content_type_id, object_id)
    if host is None:
        raise Http404
    return host


def _comment_or_404(pk):
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    if comment.host is None:
        raise Http404
    return comment


def _back_to(host, anchor=""):
    return redirect(f"{host.participation_url()}{anchor}")


@require_POST
def post_comment(request, thread_key):
    host = _host_or_404(thread_key)
    if not request.user.is_authenticated:
        return redirect_to_login(host.participation_url())
    if not request.user.has_perm("participation.post_comment", host):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        # Back to the page with what was typed and the errors: nothing is lost.
        request.session[COMMENT_DRAFT_SESSION_KEY] = {
            "thread": thread_key,
            "data": request.POST.dict(),
            "errors": form.errors.get_json_data(),
        }
        return _back_to(host, "#comment-form")
    if not ratelimits.allow(request, "comment"):
        request.session[COMMENT_DRAFT_SESSION_KEY] = {
            "thread": thread_key,
            "data": request.POST.dict(),
            "errors": {"body": [{"message": str(RATE_LIMIT_MESSAGE)}]},
        }
        return _back_to(host, "#comment-form")
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
    official = form.cleaned_data["official"] and request.user.has_perm(
        "participation.post_official_answer"
    )
    try:
        comment, started_following = services.post_comment(
            request.user,
            host,
            form.cleaned_data["body"],
            parent=parent,
            official=official,
            submission=form.cleaned_data["submission"],
        )
    except services.ParticipationError as error:
        messages.error(request, str(error))
        return _back_to(host, "#comment-form")
    # A first comment also started a follow: the thread's notice says so and offers to undo it.
    # It travels with the message (a cookie), so a comment writes no session.
    messages.success(
        request,
        _("Your comment is published."),
        extra_tags=services.started_following_tag(thread_key) if started_following else "",
    )
    return _back_to(host, f"#comment-{comment.pk}")


def _act_on_comment(
    request, pk, *, permission, template, act, success, rate_limit, form_class=None, initial=None
):
    """The shape every action on one comment shares: check, confirm or fill a form, act."""
    comment = _comment_or_404(pk)
    if not request.user.has_perm(permission, comment):
        raise PermissionDenied
    form = None
    if form_class is not None:
        data = request.POST if request.method == "POST" else None
        form = form_class(data, initial=initial(comment) if initial else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        if refused := ratelimits.refusal(request, rate_limit):
            return refused
        act(request.user, comment, form.cleaned_data if form else {})
        messages.success(request, success)
        return _back_to(comment.host, f"#comment-{comment.pk}")
    return render(
        request,
        template,
        {
            "form": form,
            "comment": comment,
            "reported_text": comment.body,
            "back_url": f"{comment.host.participation_url()}#comment-{comment.pk}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    return _act_on_comment(
        request,
        pk,
        permission="participation.edit_comment",
        template="participation/comments/edit.html",
        form_class=CommentEditForm,
        initial=lambda comment: {"body": comment.body},
        act=lambda user, comment, data: services.edit_comment(comment, data["body"]),
        success=_("Your comment has been corrected."),
        rate_limit="comment_edit",
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request, pk):
    return _act_on_comment(
        request,
        pk,
        permission="participation.delete_comment",
        template="participation/comments/delete.html",
        act=lambda user, comment, data: services.delete_comment(comment),
        success=_("Your comment has been deleted."),
        rate_limit="comment_edit",
    )


@login_required
@require_http_methods(["GET", "POST"])
def hide_comment(request, pk):
    return _act_on_comment(
        request,
        pk,
        permission="participation.hide_comment",
        template="participation/comments/hide.html",
        form_class=ModerationReasonForm,
        act=lambda user, comment, data: services.hide_comment(user, comment, data["reason"]),
        success=_("The comment is hidden and its author has been told why."),
        rate_limit="moderation",
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    return _act_on_comment(
        request,
        pk,
        permission="participation.report_comment",
        template="participation/comments/report.html",
        form_class=ReportForm,
        act=lambda user, comment, data: services.report(
            user, comment, data["reason"], data["details"]
        ),
        success=_(
            "Thank you. The moderators will review it and you will be told what they decide."
        ),
        rate_limit="report",
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_host(request, thread_key):
    """Report a proposal (or any reportable host) itself to the moderators."""
    host = _host_or_404(thread_key)
    if not request.user.has_perm("participation.report_host", host):
        raise PermissionDenied
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "report"):
            return refused
        services.report(
            request.user, host, form.cleaned_data["reason"], form.cleaned_data["details"]
        )
        messages.success(
            request,
            _("Thank you. The moderators will review it and you will be told what they decide."),
        )
        return _back_to(host)
    return render(
        request,
        "participation/comments/report.html",
        {
            "form": form,
            "reported_text": host.participation_title(),
            "back_url": host.participation_url(),
        },
    )


@require_POST
def toggle_follow(request, thread_key):
    host = _host_or_404(thread_key)
    if not request.user.is_authenticated:
        return redirect_to_login(host.participation_url())
    if not request.user.has_perm("participation.follow", host):
        raise PermissionDenied
    if refused := ratelimits.refusal(request, "follow"):
        return refused
    if request.POST.get("action") == "unfollow":
        services.unfollow(request.user, host)
        messages.success(request, _("You no longer follow this. No more notifications about it."))
    else:
        services.follow(request.user, host)
        messages.success(request, _("You follow this now: you will be notified of its news."))
    return _back_to(host, "#thread")


@require_POST
def toggle_support(request, thread_key):
    """Support a host that accepts supports, or take the support back (``action=withdraw``)."""
    host = _host_or_404(thread_key)
    if not request.user.is_authenticated:
        return redirect_to_login(host.participation_url())
    if refused := ratelimits.refusal(request, "support"):
        return refused
    if not (host.supportable and host.supports_are_open()):
        raise PermissionDenied
    if request.POST.get("action") == "withdraw":
        if supports.withdraw_support(request.user, host):
            messages.success(request, _("Your support is withdrawn."))
        return _back_to(host, "#support")
    if not request.user.has_perm("participation.support", host):
        raise PermissionDenied
    if supports.support(request.user, host):
        messages.success(request, _("Thank you for your support! You now follow this."))
    return _back_to(host, "#support")


@require_GET
def thread_since(request, thread_key):
    """Comments of a thread newer than ``after``: a reconnecting live client catches up here."""
    host = _host_or_404(thread_key)
    if not request.user.has_perm("participation.read_thread", host):
        raise PermissionDenied
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        after = 0
    comments = (
        Comment.objects.for_host(host)
        .filter(pk__gt=after)
        .select_related("author")
        .order_by("pk")[:200]
    )
    return JsonResponse(
        {
            "comments": [
                {
                    "id": comment.pk,
                    "parent_id": comment.parent_id,
                    "html": render_to_string(
                        "participation/comments/comment.html",
                        {"comment": comment, "live": True},
                        request=request,
                    ),
                }
                for comment in comments
            ],
            "comment_count": thread_comment_count(host),
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_centre(request):
    notifications = request.user.notifications.all()
    if request.method == "POST":
        if refused := ratelimits.refusal(request, "notification"):
            return refused
        unread = notifications.filter(read_at__isnull=True)
        if request.POST.get("notification"):
            try:
                unread = unread.filter(pk=int(request.POST["notification"]))
            except ValueError:
                return redirect("notifications")
        unread.update(read_at=timezone.now())
        return redirect("notifications")
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "participation/notifications.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        for category, frequency in form.cleaned_data.items():
            NotificationPreference.objects.update_or_create(
                user=request.user, category=category, defaults={"email_frequency": frequency}
            )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notification_settings")
    return render(request, "participation/notification_settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def identity_declaration(request):
    """The identity declaration needed to sign petitions (full name, CIN, link with the commune)."""
    if not request.user.has_perm("participation.declare_identity"):
        raise PermissionDenied
    instance = IdentityDeclaration.objects.filter(user=request.user).first()
    form = IdentityDeclarationForm(
        request.POST if request.method == "POST" else None, instance=instance, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "identity"):
            return refused
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # the same CIN declared at the same instant on another account
            form.add_error("cin", _("This ID number is already declared on another account."))
        else:
            messages.success(request, _("Your declaration is saved. You can sign petitions."))
            return redirect(_safe_next(request) or "identity_declaration")
    return render(
        request,
        "participation/identity.html",
        {"form": form, "declared": instance, "next": _safe_next(request)},
    )


def _safe_next(request):
    """Where to go back after a form (the petition being signed), if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
