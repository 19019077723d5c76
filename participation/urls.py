"""URLs of the participation core: the resident's profile, identity declaration and
notifications, and the discussion threads any host carries (comments, follows, supports, reports).

Mounted under each language prefix by ``sharik/urls.py``; the names are global (no namespace)
because every feature's templates link to them."""

from django.urls import include, path

from participation import (
    account_deletion_views,
    consent_views,
    data_export_views,
    figures_views,
    login_code_views,
    views,
)

urlpatterns = [
    # Beside allauth's account pages (mounted at accounts/ before this file).
    path("accounts/code/", login_code_views.log_in_with_code, name="login_code"),
    path("profile/", views.profile, name="profile"),
    path("profile/identity/", views.identity_declaration, name="identity_declaration"),
    path("profile/data/", include(data_export_views.urlpatterns)),
    path("profile/consents/", include(consent_views.urlpatterns)),
    path("profile/delete/", include(account_deletion_views.urlpatterns)),
    path("participation/figures/", figures_views.public_figures, name="participation_figures"),
    path(
        "participation/figures.csv",
        figures_views.public_figures_csv,
        name="participation_figures_csv",
    ),
    path("notifications/", views.notification_centre, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("threads/<str:thread_key>/comment/", views.post_comment, name="post_comment"),
    path("threads/<str:thread_key>/follow/", views.toggle_follow, name="toggle_follow"),
    path("threads/<str:thread_key>/support/", views.toggle_support, name="toggle_support"),
    path("threads/<str:thread_key>/report/", views.report_host, name="report_host"),
    path("threads/<str:thread_key>/since/", views.thread_since, name="thread_since"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("comments/<int:pk>/hide/", views.hide_comment, name="hide_comment"),
    path("comments/<int:pk>/report/", views.report_comment, name="report_comment"),
]
