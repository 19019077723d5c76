"""The personal parts of pages that residents share (docs/architecture.md, "Pages residents
share").

A logged-in resident reading a petition sees what every other resident sees, but for a few
parts that are theirs: the account menu, whether they signed or follow, and the CSRF token of
each form. A template names such a part with ``{% personal "name" arg … %}`` and a function
registered under that name (``@personal_part("name")``) renders it from the request and the
arguments alone, never from the page's context, so it can be rendered apart from the page.

Where the page is rendered to be shared (the view called ``pagecache.share_with_residents``),
each part is left in it as a marker, and the CSRF token as a token marker; the page is kept
with its markers (participation/pagecache.py ``ResidentPageCacheMiddleware``), and every reader
gets it with the markers filled in for them: the reader it was rendered for, and every reader
served the kept copy afterwards. Elsewhere a part is rendered where it stands.

Arguments are worked out when the shared page is rendered: they must be the same for every
reader the page is shared with (a petition's id, whether it collects signatures now), never
something of the reader's. Markers cannot come from residents' text: it is escaped (``<``
becomes ``&lt;``), and the token marker is derived from the secret key.
"""

import base64
import hashlib
import hmac
import json
import re

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

_parts = {}

_MARKER = re.compile(rb"<!--sharik-personal ([a-z_.]+) ([A-Za-z0-9_=-]*)-->")
_MARKER_START = b"<!--sharik-personal "


def personal_part(name):
    """Register ``function(request, *args) -> SafeString`` as the personal part ``name``."""

    def register(function):
        _parts[name] = function
        return function

    return register


def defers(request):
    """Whether the page being rendered for ``request`` is shared: its parts are left as markers."""
    return getattr(request, "_sharik_defers_personal_parts", False)


def defer(request):
    request._sharik_defers_personal_parts = True


class _TokenMarker:
    @cached_property
    def value(self):
        digest = hmac.new(
            settings.SECRET_KEY.encode(), b"sharik-personal-csrf-token", hashlib.sha256
        ).hexdigest()
        return f"sharikcsrf{digest[:32]}"


_token_marker = _TokenMarker()


def csrf_token_marker():
    """What ``{% csrf_token %}`` writes in a shared page, replaced by each reader's token."""
    return _token_marker.value


def csrf_context(request):
    """Context processor: in a shared page, ``{% csrf_token %}`` writes the token marker."""
    return {"csrf_token": csrf_token_marker()} if defers(request) else {}


def render(request, name, args):
    """The part ``name`` for the reader of ``request``: a marker in a shared page, else the part
    (nothing in a page rendered for no request: there is no reader)."""
    if request is None:
        return ""
    if defers(request):
        payload = base64.urlsafe_b64encode(json.dumps(list(args)).encode()).decode()
        # A part's name and base64: nothing to escape.
        return mark_safe(f"<!--sharik-personal {name} {payload}-->")  # noqa: S308
    part = _parts[name](request, *args)
    marker = _token_marker.value
    if marker in part:
        part = mark_safe(part.replace(marker, get_token(request)))  # noqa: S308 (the token)
    return part


def fill(request, content):
    """``content`` (bytes) with its markers replaced by the parts of the reader of ``request``."""

    def part(found):
        name = found.group(1).decode()
        function = _parts.get(name)
        if function is None:
            return b""
        args = json.loads(base64.urlsafe_b64decode(found.group(2)))
        return str(function(request, *args)).encode()

    if _MARKER_START in content:
        content = _MARKER.sub(part, content)
    marker = _token_marker.value.encode()
    if marker in content:  # after the parts: their forms carry the marker too
        content = content.replace(marker, get_token(request).encode())
    return content


def render_part(request, template_name, context):
    """A part's template rendered with ``context`` and the reader (no context processor runs:
    a part says what it needs). Its forms carry the token marker, replaced by the reader's
    token where the part is placed (``render``, ``fill``): a part can be remembered."""
    context = {
        "request": request,
        "user": getattr(request, "user", None),
        "csrf_token": csrf_token_marker(),
        **context,
    }
    return get_template(template_name).render(context)
