"""Authentication backend: allauth's, loading the logged-in resident with whether their email is
confirmed, in the same query (participation/rules.py ``is_verified_resident`` reads it): every
write of a resident checks it, and it used to cost a query of its own per request.

The resident's row and their permissions (their own and their groups') are remembered per
generation of public content (participation/pagecache.py ``remembered``): saving the resident,
their email addresses, groups or permissions moves the generation on, which ends them. They used
to cost three queries on every page; each request still gets its own instance of the resident."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from participation.pagecache import remembered


class ResidentBackend(AuthenticationBackend):
    def get_user(self, user_id):
        model = get_user_model()
        fields = [field.attname for field in model._meta.concrete_fields]
        row = remembered(
            ("resident", user_id), lambda: _resident_row(model, fields, user_id), per_resident=True
        )
        if row is None:
            return None
        *values, verified = row
        user = model.from_db(model._default_manager.db, fields, values)
        user._sharik_email_verified = verified
        if not self.user_can_authenticate(user):
            return None
        user._perm_cache = remembered(
            ("permissions", user.pk),
            lambda: ModelBackend().get_all_permissions(user),
            per_resident=True,
        )
        return user


def _resident_row(model, fields, user_id):
    verified = Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))
    return (
        model._default_manager.annotate(_sharik_email_verified=verified)
        .filter(pk=user_id)
        .values_list(*fields, "_sharik_email_verified")
        .first()
    )
