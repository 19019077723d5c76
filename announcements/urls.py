"""The residents' side of announcements: the link to stop them (mounted under each language
prefix by sharik/urls.py)."""

from django.urls import path

from announcements import views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="announcement_unsubscribe"),
]
