"""Decide many waiting items at once in the staff admin, as safely as one by one.

A feature's queue (proposals to moderate, abuse reports to decide…) ticks items in its listing
and picks an action in Wagtail's bulk-action bar (``wagtail.admin.views.bulk_action``). The
action's page lists what will change, what was already decided (left as it is) and what the
member of staff may not decide, and asks for the one reason a hiding action requires; nothing
changes before it is confirmed with a POST (CSRF-protected, counted against the
``moderation`` rate limit).

Each item then goes through the very service that decides it one by one (its rules, its
notification, its audit entry), in its own savepoint, after its row is locked and read again:
an item decided meanwhile, or by the first of two submits of the same form, is skipped and
named, never decided twice. Permission is asked per item, through the feature's rules.

A feature writes a subclass per action: ``models``, ``action_type``, ``display_name``,
``aria_label``, ``permission`` (a rules permission asked with the item), ``is_waiting(item)``,
``decide(item, reason)`` (which calls the service), ``done_message``, and ``waiting`` (the
filter of the items the bar's "select all" may reach); ``needs_reason`` for a hiding action.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from participation import ratelimits
from participation.services import ParticipationError
from participation.text import listed

#: At most this many items per confirmation: the bar's "select all" of a long queue is cut
#: here (the rest stays for the next pass), so one request never holds thousands of locks.
BULK_LIMIT = 200


class ReasonForm(forms.Form):
    """The one reason given to every author whose content is hidden."""

    reason = forms.CharField(
        label=_("Reason (told to each author)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One reason for all the selected items: each author is told it."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason: the authors will be told."))
        return reason


class ModerationBulkAction(BulkAction):
    template_name = "participation/admin/bulk_moderation.html"
    permission = ""
    needs_reason = False
    waiting = {}
    confirm_label = ""
    confirm_class = ""
    action_priority = 10

    def get_form_class(self):
        return ReasonForm if self.needs_reason else forms.Form

    def check_perm(self, obj):
        return self.request.user.has_perm(self.permission, obj)

    def get_all_objects_in_listing_query(self, parent_id):
        """The bar's "select all": the waiting items only, never the whole table."""
        return self.model.objects.filter(**self.waiting).values_list("pk", flat=True)[:BULK_LIMIT]

    def get_queryset(self, model, object_ids):
        ids = [pk for pk in object_ids if str(pk).isdigit()][:BULK_LIMIT]
        return list(model.objects.filter(pk__in=ids).order_by("pk"))

    def is_waiting(self, item):
        raise NotImplementedError

    def decide(self, item, reason):
        raise NotImplementedError

    def done_message(self, count):
        raise NotImplementedError

    def describe(self, item):
        return str(item)

    def object_context(self, obj):
        return {"item": obj, "title": self.describe(obj)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        to_change = [entry for entry in context["items"] if self.is_waiting(entry["item"])]
        context.update(
            items=to_change,
            already_decided=[
                entry for entry in context["items"] if not self.is_waiting(entry["item"])
            ],
            items_with_no_access=[
                self.object_context(item) for item in context["items_with_no_access"]
            ],
            action=self,
            header_icon="warning",
        )
        return context

    def post(self, request, *args, **kwargs):
        if refused := ratelimits.refusal(request, "moderation"):
            return refused
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        reason = form.cleaned_data.get("reason", "")
        objects, _without_access = self.get_actionable_objects()
        done, skipped, refused = [], [], []
        for item in objects:
            try:
                with transaction.atomic():
                    current = type(item).objects.select_for_update().get(pk=item.pk)
                    if not self.is_waiting(current):
                        skipped.append(self.describe(current))
                        continue
                    self.decide(current, reason)
                    done.append(current)
            except ParticipationError as error:
                refused.append(f"{self.describe(item)}: {error}")
            except type(item).DoesNotExist:
                skipped.append(self.describe(item))
        self.report(done, skipped, refused)
        return redirect(self.next_url)

    def report(self, done, skipped, refused):
        request = self.request
        if done:
            messages.success(request, self.done_message(len(done)))
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d item was already decided and is left as it is: %(items)s",
                    "%(count)d items were already decided and are left as they are: %(items)s",
                    len(skipped),
                )
                % {"count": len(skipped), "items": listed(skipped)},
            )
        for line in refused:
            messages.error(request, line)
        if not (done or skipped or refused):
            messages.warning(request, _("Nothing was selected that you may decide."))


def selection_column():
    """The checkbox of each row of a queue with bulk actions (its index template:
    ``participation/admin/bulk_index.html``)."""
    from wagtail.admin.ui.tables import BulkActionsCheckboxColumn

    return BulkActionsCheckboxColumn("bulk_actions", obj_type="item", label=_("Select"))


def title_column(name, url_name, label=None):
    """The title of each row, linked to its review page, with the id its checkbox names for
    screen readers (``item_<pk>_title``)."""
    from wagtail.admin.ui.tables import TitleColumn

    return TitleColumn(
        name,
        url_name=url_name,
        label=label,
        get_title_id=lambda instance: f"item_{instance.pk}_title",
    )


def queue_filterset(model, fields, date_label):
    """The filters of a queue: ``fields`` as Wagtail offers them, and ``created_at`` as a range
    of days (from, to), labelled ``date_label``."""
    import django_filters
    from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

    meta = type("Meta", (), {"model": model, "fields": fields})
    created_at = django_filters.DateFromToRangeFilter(
        label=date_label, widget=DateRangePickerWidget
    )
    return type(
        f"{model.__name__}QueueFilterSet",
        (WagtailFilterSet,),
        {"Meta": meta, "created_at": created_at},
    )
