"""What the OpenAPI schema describes: the open-data API only (the admin's own API is Wagtail's,
for staff, and not part of it)."""


def only_open_data(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
