"""Participation in figures (participation/figures.py): the public page and its CSV, the same
for everyone and cached; and the staff's page in the admin ("Figures and site history"), with a
period and an arrondissement to choose, whose CSV downloads are in the audit log.

Both show counts only: no one is named, and the gender and age groups smaller than
``SHARIK_FIGURES_MIN_GROUP`` are written "fewer than N" (participation/equality.py)."""

import rules
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language_bidi, gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from participation import figures
from participation.services import audit
from participation.spreadsheets import csv_lines

#: Browsers and proxies may keep the CSV as long as the counts are kept (the page itself carries a
#: logged-in resident's menu: the site's page cache keeps it for visitors only).
CACHE_CONTROL = f"public, max-age={figures.PUBLIC_CACHE_SECONDS}"


def _charts(result):
    right_to_left = get_language_bidi()
    return [
        (kind, figures.month_chart(kind, result.period, right_to_left)) for kind in result.kinds
    ]


def _context(result):
    return {
        "figures": result,
        "charts": _charts(result),
        "place_bars": figures.place_bars(result),
        "participants": result.participants,
    }


def _csv_response(result, name):
    response = StreamingHttpResponse(
        csv_lines(figures.csv_rows(result)), content_type="text/csv; charset=utf-8"
    )
    period = f"{result.period.first:%Y-%m}_{result.period.last:%Y-%m}"
    response["Content-Disposition"] = f'attachment; filename="{name}-{period}.csv"'
    return response


def _public_figures():
    period = figures.Period.last_months()
    return figures.figures(period, counts=figures.cached_counts(period))


@require_GET
def public_figures(request):
    """The last twelve months, for everyone, in any language: a fixed number of queries (the
    counts are kept ``PUBLIC_CACHE_SECONDS``), no cookie, no form: the page cache keeps it."""
    return render(request, "participation/figures.html", _context(_public_figures()))


@require_GET
def public_figures_csv(request):
    """The public page's figures as one CSV file: nothing personal, so not in the audit log."""
    response = _csv_response(_public_figures(), "participation")
    response["Cache-Control"] = CACHE_CONTROL
    return response


# --- The staff's page in the admin -------------------------------------------------------------


class StaffFiguresView(WagtailAdminTemplateMixin, TemplateView):
    """The figures of a period the staff member chooses (``from``, ``to``: months), of the
    commune or of one arrondissement; ``?format=csv`` downloads them, an entry in the audit log
    (``figures.exported``, with what was asked)."""

    template_name = "participation/admin/figures.html"
    page_title = gettext_lazy("Participation in figures")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not rules.has_perm("participation.view_figures", request.user):
            raise PermissionDenied
        self.period = figures.Period.from_query(request.GET)
        try:
            self.arrondissement = int(request.GET.get("arrondissement") or 0) or None
        except ValueError:
            self.arrondissement = None
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        self.figures = figures.figures(self.period, arrondissement=self.arrondissement)
        if request.GET.get("format") == "csv":
            return self.csv()
        return super().get(request, *args, **kwargs)

    def asked(self):
        asked = {"from": f"{self.period.first:%Y-%m}", "to": f"{self.period.last:%Y-%m}"}
        if self.figures.arrondissement:
            asked["arrondissement"] = self.figures.arrondissement[0]
        return asked

    def get_context_data(self, **kwargs):
        asked = self.asked()
        return super().get_context_data(
            **kwargs,
            **_context(self.figures),
            asked=asked,
            this_month=f"{timezone.localdate():%Y-%m}",
            places=figures.arrondissements(),
            csv_url=f"{reverse('participation_figures_admin')}?"
            + urlencode({**asked, "format": "csv"}),
        )

    def csv(self):
        # Written before the first line leaves, so a download never goes unrecorded.
        audit(
            self.request.user,
            "figures.exported",
            ContentType.objects.get_for_model(get_user_model()),
            **self.asked(),
        )
        response = _csv_response(self.figures, "participation-figures")
        response["Cache-Control"] = "no-store"
        return response
