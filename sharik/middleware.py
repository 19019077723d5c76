"""Request middleware of the site: language memory, the content security policy, refusals of bad
input, and a clear answer when the database is out of reach."""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware import locale
from django.template.loader import render_to_string
from django.utils import translation

from sharik.staff_admin import admin_language


class RememberLanguageMiddleware:
    """Remember the language of the last page a visitor read, so ``/`` sends them back to it.

    The language of a page comes from its URL prefix (``/ar/``, ``/fr/``, ``/en/``); the
    switcher is made of plain links. This stores the choice in the language cookie that
    ``LocaleMiddleware`` reads for unprefixed addresses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                httponly=True,
            )
        return response


class StaffAdminLanguageMiddleware:
    """Speak the staff admin in the staff member's language, not the browser's.

    The admin lives outside the language prefixes, so Django's ``LocaleMiddleware`` would take
    its language from the language cookie or the browser's Accept-Language. Wagtail then uses the
    language chosen in its own account settings, when there is one, and otherwise the active
    language: this activates the one ``sharik.staff_admin.admin_language`` picks (Wagtail's
    choice, else the Sharik profile's, Arabic for Amazigh). Placed after the authentication
    middleware; the profile it reads is the one Wagtail reads, so it costs no extra query.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.SHARIK_ADMIN_PATH}/"

    def __call__(self, request):
        if request.path_info.startswith(self.admin_prefix) and request.user.is_authenticated:
            language = admin_language(request.user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with a separate policy for the Wagtail admin path."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(f"/{settings.SHARIK_ADMIN_PATH}/"):
            return PolicyParts(
                config=default_config(settings.SHARIK_ADMIN_CONTENT_SECURITY_POLICY),
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


class RejectNullCharactersMiddleware:
    """Refuse query strings carrying NUL characters with a plain 400.

    No page needs them, PostgreSQL cannot compare text with them (it raises instead), and forms
    already refuse them through Django's ProhibitNullCharactersValidator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        return self.get_response(request)


logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """When PostgreSQL is out of reach (restarting, the connection lost in the middle of a
    request), answer 503 with a page that says nothing was saved and to try again, instead of a
    server error. Nothing is half-written: every service runs in one transaction, rolled back
    with the lost connection. The page is static (templates/503.html, in the three languages):
    rendering the site's chrome would need the database. Its one link leads to the home page of
    the language the reader was using."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path, exception
        )
        language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
        page = render_to_string("503.html", {"home_url": f"/{language}/"})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = "5"
        return response


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that the paths outside the languages (the open-data API, the admin's
    files) answer their own 404 instead of a redirect to a language's address: ``/api/v1/
    petitions/999/`` is not found, not sent to ``/ar/api/v1/petitions/999/`` (which the pages'
    catch-all would claim)."""

    UNPREFIXED = ("/api/",)

    def process_response(self, request, response):
        if request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)
