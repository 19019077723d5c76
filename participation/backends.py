"""Authentication backend: allauth's, loading the logged-in resident with whether their email is
confirmed, in the same query (participation/rules.py ``is_verified_resident`` reads it): every
write of a resident checks it, and it used to cost a query of its own per request. Their
permissions (their own and their groups') are remembered per generation of public content
(participation/pagecache.py): a change of groups or permissions is saved, which ends it; they
used to cost two queries on every page that checks a permission."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from participation.pagecache import remembered


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
        if user is None or not self.user_can_authenticate(user):
            return None
        user._perm_cache = remembered(
            ("permissions", user.pk),
            lambda: ModelBackend().get_all_permissions(user),
            per_resident=True,
        )
        return user
