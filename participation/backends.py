"""Authentication backend: allauth's, loading the logged-in resident with whether their email is
confirmed, in the same query (participation/rules.py ``is_verified_resident`` reads it): every
write of a resident checks it, and it used to cost a query of its own per request."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef


class ResidentBackend(AuthenticationBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.annotate(
                _sharik_email_verified=Exists(
                    EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
                )
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
