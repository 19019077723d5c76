"""URLs. Every public page lives under a language prefix (/ar/, /fr/, /en/); the staff admin and
technical endpoints do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from participation import views

urlpatterns = [
    path(f"{settings.SHARIK_ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.health, name="health"),
    path("robots.txt", views.robots_txt),
    path("sitemap.xml", sitemap),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/", views.profile, name="profile"),
    path("profile/identity/", views.identity_declaration, name="identity_declaration"),
    path("notifications/", views.notification_centre, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("proposals/", include("proposals.urls")),
    path("petitions/", include("petitions.urls")),
    path("consultations/", include("consultations.urls")),
    path("plan/", include("cms.urls")),
    path("organisations/", views.my_organisations, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path(
        "organisations/<int:pk>/documents/<str:document>/",
        views.organisation_document,
        name="organisation_document",
    ),
    path("threads/<str:thread_key>/comment/", views.post_comment, name="post_comment"),
    path("threads/<str:thread_key>/follow/", views.toggle_follow, name="toggle_follow"),
    path("threads/<str:thread_key>/report/", views.report_host, name="report_host"),
    path("threads/<str:thread_key>/since/", views.thread_since, name="thread_since"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("comments/<int:pk>/hide/", views.hide_comment, name="hide_comment"),
    path("comments/<int:pk>/report/", views.report_comment, name="report_comment"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
