"""The staff side of an event in the admin: the registrants, attendance marked at the door from
a phone, and the list exported (the export is in the audit log: it carries residents' names and
email addresses); the upcoming events with their registrations, which the dashboard's queue
opens."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import figures
from events.models import EventKind, EventPage, Registration, RegistrationStatus
from participation.models import Arrondissement
from participation.services import audit
from participation.spreadsheets import csv_lines


class _Titled:
    """The page's title in the admin's header (after "Home"), as Wagtail's own views show it."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


def _event_for(request, pk):
    if not request.user.has_perm("events.view_registration"):
        raise PermissionDenied
    return get_object_or_404(EventPage, pk=pk).original


class AttendanceView(_Titled, WagtailAdminTemplateMixin, TemplateView):
    """The registrants of an event, each with a button that marks them present (or not)."""

    template_name = "events/admin/attendance.html"
    page_title = gettext_lazy("Registrants")
    header_icon = "date"

    def dispatch(self, request, pk):
        self.event = _event_for(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.event.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registrations = list(
            Registration.objects.filter(event=self.event)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("user", "user__arrondissement")
            .order_by("status", "user__display_name", "pk")
        )
        registered = [r for r in registrations if r.status == RegistrationStatus.REGISTERED]
        context.update(
            event=self.event,
            registered=registered,
            waiting=[r for r in registrations if r.status == RegistrationStatus.WAITING],
            present=sum(r.places for r in registered if r.attended_at),
            expected=sum(r.places for r in registered),
            figures=figures.attendance([self.event]) if self.event.is_past else None,
        )
        return context

    def post(self, request, pk):
        registration = get_object_or_404(
            Registration, pk=request.POST.get("registration"), event=self.event
        )
        present = request.POST.get("present") == "yes"
        registration.attended_at = timezone.now() if present else None
        registration.save(update_fields=["attended_at", "updated_at"])
        audit(
            request.user,
            "event.attendance",
            self.event,
            registration=registration.pk,
            present=present,
        )
        messages.success(
            request,
            _("%(name)s is marked present.") % {"name": registration.user.display_name}
            if present
            else _("%(name)s is marked absent.") % {"name": registration.user.display_name},
        )
        return redirect(reverse("event_attendance", args=[pk]) + f"#r{registration.pk}")


def export_registrants(request, pk):
    """The registrants as CSV, for the organisers; each download is in the audit log."""
    event = _event_for(request, pk)
    audit(request.user, "event.registrants_export", event)
    registrations = (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user", "user__arrondissement")
        .order_by("status", "created_at", "pk")
    )
    header = [_("Name"), _("Email address"), _("Arrondissement"), _("Status"), _("Companions"),
              _("Present")]  # fmt: skip
    rows = (
        [
            registration.user.display_name,
            registration.user.email,
            registration.user.arrondissement.name if registration.user.arrondissement_id else "",
            registration.get_status_display(),
            registration.companions,
            _("yes") if registration.attended_at else "",
        ]
        for registration in registrations
    )
    response = StreamingHttpResponse(
        csv_lines([header, *rows]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="registrants-{event.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


class AttendanceFiguresView(_Titled, WagtailAdminTemplateMixin, TemplateView):
    """Who came to the year's meetings, per event and in all (events/figures.py); the same
    table as CSV with ``?format=csv``. No one is named: nothing here goes in the audit log."""

    template_name = "events/admin/figures.html"
    page_title = gettext_lazy("Attendance at meetings")
    header_icon = "date"

    def dispatch(self, request):
        if not request.user.has_perm("events.view_registration"):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            self.year = int(request.GET.get("year", today.year))
        except ValueError:
            self.year = today.year
        if not 2000 <= self.year <= today.year + 1:
            self.year = today.year
        return super().dispatch(request)

    def get(self, request):
        self.figures = figures.attendance(figures.events_of_year(self.year))
        if request.GET.get("format") == "csv":
            return self.csv()
        return super().get(request)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            **kwargs,
            year=self.year,
            years=range(today.year + 1, today.year - 5, -1),
            figures=self.figures,
        )

    def csv(self):
        header = [_("Event"), _("Date"), _("Arrondissement"), _("Registered"), _("Present"),
                  _("Places taken by those present")]  # fmt: skip
        rows = (
            [
                line["event"].title,
                timezone.localtime(line["event"].starts_at).date().isoformat(),
                line["event"].arrondissement.name if line["event"].arrondissement_id else "",
                line["registered"],
                line["present"],
                line["places"],
            ]
            for line in self.figures["events"]
        )
        response = StreamingHttpResponse(
            csv_lines([header, *rows]), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="attendance-{self.year}.csv"'
        return response


# --- The upcoming events and their registrations (the dashboard's panel opens it) ---------------


def upcoming_events(now=None):
    """The events still to come (their original versions, which registrations belong to), the
    nearest first, each with ``registered`` (people), ``places_taken`` (with their companions)
    and ``waiting``: one query."""
    now = now or timezone.now()
    originals = (
        EventPage.objects.order_by()
        .values("translation_key")
        .annotate(first_pk=Min("pk"))
        .values("first_pk")
    )
    registered = Q(registrations__status=RegistrationStatus.REGISTERED)
    return (
        EventPage.objects.live()
        .filter(ends_at__gte=now, pk__in=originals)
        .annotate(
            registered=Count("registrations", filter=registered),
            places_taken=Coalesce(Sum(F("registrations__companions") + 1, filter=registered), 0),
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )
        .order_by("starts_at", "pk")
    )


def registrations_words(event):
    """The registrations in words: "12 places taken of 30 · 3 waiting"."""
    if event.capacity is None:
        return _("open meeting, no registration")
    words = _("%(taken)d places taken of %(capacity)d") % {
        "taken": event.places_taken,
        "capacity": event.capacity,
    }
    if event.waiting:
        waiting = ngettext("%(count)d waiting", "%(count)d waiting", event.waiting) % {
            "count": event.waiting
        }
        words = f"{words} · {waiting}"
    return words


class UpcomingEventsFilterForm(forms.Form):
    arrondissement = forms.ModelChoiceField(
        label=gettext_lazy("Arrondissement"),
        queryset=Arrondissement.objects.canonical().order_by("sort_order", "name"),
        required=False,
        empty_label=gettext_lazy("All arrondissements"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All kinds")), *EventKind.choices],
        required=False,
    )
    starts_before = forms.DateField(
        label=gettext_lazy("Starting before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    with_registration = forms.BooleanField(
        label=gettext_lazy("Only events that take registrations"), required=False
    )
    q = forms.CharField(label=gettext_lazy("Words in the title"), required=False, max_length=100)

    def filter(self, events):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("arrondissement"):
            events = events.filter(arrondissement=data["arrondissement"])
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("starts_before"):
            events = events.filter(starts_at__date__lt=data["starts_before"])
        if data.get("with_registration"):
            events = events.filter(capacity__isnull=False)
        if data.get("q"):
            events = events.filter(title__icontains=data["q"])
        return events


class UpcomingEventsView(_Titled, WagtailAdminTemplateMixin, TemplateView):
    """The events to come with their registrations, filtered; each opens its registrants."""

    template_name = "events/admin/upcoming.html"
    page_title = gettext_lazy("Upcoming events")
    header_icon = "date"

    def dispatch(self, request):
        if not request.user.has_perm("events.view_registration"):
            raise PermissionDenied
        return super().dispatch(request)

    def get_context_data(self, **kwargs):
        form = UpcomingEventsFilterForm(self.request.GET or None)
        events = list(form.filter(upcoming_events().select_related("arrondissement"))[:200])
        for event in events:
            event.registrations_words = registrations_words(event)
        return super().get_context_data(**kwargs, filter_form=form, events=events)
