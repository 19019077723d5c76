"""An announcement as an email: in the recipient's language (Arabic when the announcement has
no text in theirs), as plain text and as simple HTML made from the same text with everything
escaped (staff type text, never markup), with a link to stop the announcements that works
without logging in, also offered to mail programs as ``List-Unsubscribe`` with one-click
``List-Unsubscribe-Post`` (RFC 8058).

Each (text language, link language) pair is rendered once per sending run with a placeholder
where the link goes; each recipient's message is then the placeholder replaced by their link:
no template is rendered per recipient."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from announcements.apps import CONSENT_PURPOSE

UNSUBSCRIBE_SALT = "announcements.unsubscribe"
_LINK = "https://unsubscribe.invalid/placeholder"


def unsubscribe_token(user_id, purpose=CONSENT_PURPOSE):
    """A signed token naming the resident and what they stop: no secret of theirs, no expiry
    inside (the age is checked when it is read)."""
    return signing.dumps({"u": user_id, "p": purpose}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user id, purpose)`` of a genuine token younger than
    ``SHARIK_ANNOUNCEMENT_UNSUBSCRIBE_DAYS``; ``signing.BadSignature`` (``SignatureExpired``
    for an old one) otherwise."""
    value = signing.loads(
        token,
        salt=UNSUBSCRIBE_SALT,
        max_age=settings.SHARIK_ANNOUNCEMENT_UNSUBSCRIBE_DAYS * 86400,
    )
    if not isinstance(value, dict) or not isinstance(value.get("u"), int):
        raise signing.BadSignature("Not an unsubscribe token.")
    return value["u"], value.get("p")


def unsubscribe_url(user_id, language):
    with translation.override(language):
        path = reverse("announcement_unsubscribe", args=[unsubscribe_token(user_id)])
    return f"{settings.SHARIK_SITE_URL}{path}"


class Letters:
    """The emails of one announcement, rendered once per language pair and kept for the run."""

    def __init__(self, announcement):
        self.announcement = announcement
        self.texts = announcement.texts_by_language()
        self.rendered = {}
        self.domain = urlsplit(settings.SHARIK_SITE_URL).hostname or "sharik.localhost"

    def language_for(self, preferred_language):
        """The language of the text a resident reading ``preferred_language`` is sent."""
        if preferred_language in self.texts:
            return preferred_language
        return settings.LANGUAGE_CODE

    def _context(self, text_language, link):
        text = self.texts[text_language]
        return {
            "subject": text.subject,
            "body": text.body,
            "unsubscribe_url": link,
            "site_url": settings.SHARIK_SITE_URL,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "language": text_language,
        }

    def _render(self, text_language, link_language):
        key = (text_language, link_language)
        if key not in self.rendered:
            text = self.texts[text_language]
            with translation.override(text_language):
                context = self._context(text_language, _LINK)
                self.rendered[key] = (
                    text.subject,
                    render_to_string("announcements/email/announcement.txt", context),
                    render_to_string("announcements/email/announcement.html", context),
                )
        return self.rendered[key]

    def message(self, recipient_id, email, preferred_language, connection=None):
        """The message for one recipient, and the language of its text."""
        language = self.language_for(preferred_language)
        link_language = preferred_language or settings.LANGUAGE_CODE
        subject, text, html = self._render(language, link_language)
        link = unsubscribe_url(recipient_id, link_language)
        message = EmailMultiAlternatives(
            subject,
            text.replace(_LINK, link),
            settings.DEFAULT_FROM_EMAIL,
            [email],
            connection=connection,
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                # The same for every attempt at this recipient: a mail system that sees it twice
                # (it cannot, here: at most once) would know it for one message.
                "Message-ID": (
                    f"<announcement-{self.announcement.pk}-{recipient_id}@{self.domain}>"
                ),
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html.replace(_LINK, link), "text/html")
        return message, language

    def previews(self):
        """``[(language, subject, plain text, HTML fragment)]`` of each language written, as a
        resident reading that language receives it; the link to stop names no account (it
        leads to the page, which says the link is not valid)."""
        shown = []
        for language in self.texts:
            with translation.override(language):
                link = unsubscribe_url(0, language)
                context = self._context(language, link)
                shown.append(
                    (
                        language,
                        context["subject"],
                        render_to_string("announcements/email/announcement.txt", context),
                        render_to_string("announcements/email/_content.html", context),
                    )
                )
        return shown
