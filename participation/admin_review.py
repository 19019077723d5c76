"""Staff review content in the admin (Wagtail): a queue of it, and one page per item where they
act on it (publish, send back with a reason, answer…). Proposals and petitions, and the kinds of
content to come, are reviewed through these; each brings its own actions and template.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from participation.forms import ModerationReasonForm
from participation.services import ParticipationError


class ReviewColumn(Column):
    """A "Review" button in each row of a queue, opening the row's review page."""

    def __init__(self, name, url_name, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name

    def get_value(self, instance):
        return format_html(
            '<a class="button button-small" href="{}">{}</a>',
            reverse(self.url_name, args=[instance.pk]),
            gettext_lazy("Review"),
        )


class ResidentContentViewSet(ModelViewSet):
    """Content residents create on the site (proposals, petitions, reports, evaluations…): the
    admin lists it and staff act on it, but no screen invites them to create it. There is no
    add or copy view, so no "Add" button either, whatever the user's permissions (a
    superuser's included)."""

    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{**kwargs, "add_url_name": None})

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]


class ReviewQueueViewSet(ResidentContentViewSet):
    """The queue of content staff change only through its review page (``review_view``, at
    ``review/<pk>/``), so every change goes through the content's workflow: staff get only the
    "view" permission, and the generic edit form keeps one harmless field."""

    review_view = None

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("review/<int:pk>/", self.review_view.as_view(), name="review"),
        ]


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """The review page of one piece of content (``self.host``).

    Each action is a form posted with ``action=<name>``; only the form of the posted action is
    bound, so the others show empty. An invalid form, or an action the services refuse
    (``ParticipationError``, shown as an error), shows the page again with what was typed.

    A subclass names its queue (``index_url_name``, ``index_label``) and writes ``get_host``,
    ``check_permissions`` (set what the user may do, or raise PermissionDenied), ``forms`` and
    ``act``. Sending the content back to its owner with a reason is built in: set
    ``may_return`` and ``returned_message`` and write ``return_to_owner``.
    """

    header_icon = "doc-full"
    index_url_name = ""
    index_label = ""
    may_return = False
    returned_message = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.host.title},
        ]

    def dispatch(self, request, pk):
        self.host = self.get_host(pk)
        self.check_permissions(request.user)
        return super().dispatch(request, pk)

    def get_host(self, pk):
        raise NotImplementedError

    def check_permissions(self, user):
        raise NotImplementedError

    @staticmethod
    def bound(form_class, action, data, **kwargs):
        """``form_class`` bound to ``data`` if the posted action is ``action``, else empty."""
        posted = data.get("action") if data else None
        return form_class(data if posted == action else None, **kwargs)

    def forms(self, data=None):
        return {"return_form": self.bound(ModerationReasonForm, "return", data)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            events=self.host.events.select_related("actor"),
            **kwargs.get("forms", self.forms()),
        )
        return context

    def act(self, action, forms):
        """Do ``action`` if the user may and its form is valid, and return what to tell them;
        None shows the page again."""
        if action == "return" and self.may_return and forms["return_form"].is_valid():
            self.return_to_owner(forms["return_form"].cleaned_data["reason"])
            return self.returned_message
        return None

    def return_to_owner(self, reason):
        raise NotImplementedError

    def get_success_url(self):
        return reverse(self.index_url_name)

    def post(self, request, pk):
        forms = self.forms(request.POST)
        try:
            done = self.act(request.POST.get("action"), forms)
        except ParticipationError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(forms=forms))
        if done is None:
            return self.render_to_response(self.get_context_data(forms=forms))
        messages.success(request, done)
        return redirect(self.get_success_url())
