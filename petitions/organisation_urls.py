"""URLs of associations (organic law 113-14, art. 121): registration by a resident and their
private documents. Mounted at ``organisations/`` by ``sharik/urls.py``."""

from django.urls import path

from petitions import views

urlpatterns = [
    path("", views.my_organisations, name="organisations"),
    path("new/", views.organisation_create, name="organisation_create"),
    path(
        "<int:pk>/documents/<str:document>/",
        views.organisation_document,
        name="organisation_document",
    ),
]
