"""How django-allauth fits Sharik: emails go through the task queue, log-in lands in the
resident's own language."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import translate_url
from django.utils.encoding import force_str
from django.utils.translation import gettext

from participation.tasks import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return f"[{gettext('Sharik')}] {force_str(subject)}"

    def send_mail(self, template_prefix, email, context):
        """Render the message now (in the request's language) and send it in the background."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        queue_email(message)

    def get_login_redirect_url(self, request):
        """After log-in, continue in the language the resident chose in their profile."""
        url = super().get_login_redirect_url(request)
        return translate_url(url, request.user.preferred_language)
