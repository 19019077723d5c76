"""The open-data API, version 1: each dataset's list and items (a router), its whole as CSV and
JSON, the OpenAPI 3 schema and its documentation page (Swagger UI, served from its package)."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from opendata.views import DATASETS

router = DefaultRouter()
for slug, viewset, _title, _description in DATASETS:
    router.register(slug, viewset, basename=slug)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets a few inline styles: allowed on this page only.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    *[
        re_path(
            rf"^{slug}/export\.(?P<file_format>csv|json)$",
            viewset.as_view({"get": "export"}),
            name=f"{slug}-export",
        )
        for slug, viewset, _title, _description in DATASETS
    ],
    *router.urls,
]
