"""Invest in Salé for visitors: the index (key figures, then the assets grouped by kind, or one
kind's assets page by page), an asset's page, and the contact form of the investors' desk with
its thank-you page. Anyone may write, without an account: the form is rate limited per address,
a trap field catches robots, and its one-time key records a message sent twice once."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from cms.models import SiteLinks
from invest import services
from invest.forms import ContactForm
from invest.models import (
    MESSAGE_RETENTION_DAYS,
    AssetKind,
    InvestAssetPage,
    InvestIndexPage,
    InvestmentTopic,
)
from participation import ratelimits
from participation.maps import map_settings
from participation.models import Arrondissement

# The index shows the first assets of each kind; "see all" opens the kind's own list.
PER_KIND = 6
PER_PAGE = 24


def _contact_url(asset=None):
    url = reverse("invest:contact")
    return f"{url}?asset={asset.pk}" if asset is not None else url


def asset_listing(request, index):
    """Context of the index: the assets under it grouped by kind, the first ``PER_KIND`` of
    each, or with ``?kind=`` the assets of one kind, ``PER_PAGE`` a page. A fixed number of
    queries, however many assets (an image's renditions come from Wagtail's rendition cache)."""
    assets = (
        InvestAssetPage.objects.child_of(index).live().select_related("image", "arrondissement")
    )
    counts = dict(assets.order_by().values_list("kind").annotate(count=Count("pk")))
    labels = dict(AssetKind.choices)
    kind = request.GET.get("kind", "")
    if kind not in labels:
        kind = ""
    names = Arrondissement.objects.names_in()
    page = None
    groups = []
    if kind:
        page = Paginator(assets.filter(kind=kind), PER_PAGE).get_page(request.GET.get("page"))
        shown = list(page)
    else:
        for value, label in AssetKind.choices:
            if counts.get(value):
                groups.append(
                    {
                        "kind": value,
                        "label": label,
                        "count": counts[value],
                        "assets": list(assets.filter(kind=value)[:PER_KIND]),
                    }
                )
        shown = [asset for group in groups for asset in group["assets"]]
    for asset in shown:
        asset.arrondissement_name = (
            names.get(asset.arrondissement.translation_key, asset.arrondissement.name)
            if asset.arrondissement_id
            else ""
        )
    return {
        "groups": groups,
        "kind": kind,
        "kind_label": labels.get(kind, ""),
        "assets": page,
        "query_string": f"kind={kind}" if kind else "",
        "kinds": [(value, labels[value], counts[value]) for value in labels if counts.get(value)],
        "contact_url": _contact_url(),
    }


def asset_context(request, asset):
    return {
        "map": map_settings() if asset.is_located else None,
        "contact_url": _contact_url(asset),
    }


def _asset_in_reader_language(pk):
    """The asset ``?asset=`` names (an asset's page links here with its own id), in the
    reader's language; None for anything else."""
    try:
        asset = InvestAssetPage.objects.live().select_related("locale").get(pk=int(pk))
    except (TypeError, ValueError, InvestAssetPage.DoesNotExist):
        return None
    if asset.locale.language_code != get_language():
        asset = asset.get_translations().live().filter(locale__language_code=get_language())
        return asset.first()
    return asset


def _index_page():
    return InvestIndexPage.objects.live().filter(locale__language_code=get_language()).first()


@require_http_methods(["GET", "POST"])
def contact(request):
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if services.already_received(data["submission"]):
                return redirect("invest:thanks")
            if refused := ratelimits.refusal(request, "investor_contact"):
                return refused
            if not form.is_from_a_robot:  # a robot is thanked, and nothing is kept
                services.receive(
                    name=data["name"],
                    organisation=data["organisation"],
                    email=data["email"],
                    phone=data["phone"],
                    topic=data["topic"],
                    asset=data["asset"],
                    message=data["message"],
                    language=get_language(),
                    submission=data["submission"],
                )
            return redirect("invest:thanks")
    else:
        form = ContactForm(asset=_asset_in_reader_language(request.GET.get("asset")))
    links = SiteLinks.for_request(request)
    privacy_page = links.privacy_page.localized if links.privacy_page_id else None
    return render(
        request,
        "invest/contact.html",
        {
            "form": form,
            "index": _index_page(),
            "desk_is_open": InvestmentTopic.objects.canonical().exists(),
            "retention_years": MESSAGE_RETENTION_DAYS // 365,
            "privacy_page": privacy_page,
            "contact_email": links.contact_email,
        },
    )


@require_GET
def thanks(request):
    return render(request, "invest/thanks.html", {"index": _index_page()})
