"""The site's URLs. Every public page lives under a language prefix (/ar/, /fr/, /en/); the staff
admin and technical endpoints do not. Each app owns its own ``urls.py``; this file only mounts them.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import routing
from opendata.views import open_data_page
from sharik import views

urlpatterns = [
    path(f"{settings.SHARIK_ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("opendata.urls")),
    path("healthz", views.health, name="health"),
    path("readyz", views.readiness, name="readiness"),
    path("robots.txt", views.robots_txt),
    path("sitemap.xml", sitemap),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("proposals/", include("proposals.urls")),
    path("petitions/", include("petitions.urls")),
    path("organisations/", include("petitions.organisation_urls")),
    path("consultations/", include("consultations.urls")),
    path("plan/", include("plan.urls")),
    path("information/", include("information.urls")),
    path("council/", include("council.urls")),
    path("events/", include("events.urls")),
    path("news/", include("news.urls")),
    path("budgets/", include("budgets.urls")),
    path("announcements/", include("announcements.urls")),
    path("counter/", include("counters.urls")),
    path("procedures/", include("procedures.urls")),
    path("invest/", include("invest.urls")),
    path("search/", include("sitesearch.urls")),
    path("open-data/", open_data_page, name="open_data"),
    # Accounts, identity, notifications and the discussion core (comments, follows, reports).
    path("", include("participation.urls")),
    # Wagtail's, its pages found through remembered ways (cms/routing.py).
    path("", include([url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"])),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=True,
)

if settings.SHARIK_BENCH_REFERENCE:  # the benchmarks' bare views (bench/reference.py)
    urlpatterns.append(path("bench/", include("bench.reference")))

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
