"""Changes of a member of staff's roles written to the audit log (``user.roles_changed``): who
changed whose groups, and the groups (and superuser status) before and after.

Roles are given in the admin's "Users" screens (Wagtail's user views); their hooks call these
functions: before an edit the user's roles are remembered on the request, after it they are
compared, and an account created with a role is written as a change from none.
"""

from participation.services import audit


def roles_of(user):
    """What a change of role compares: the groups' names, sorted, and superuser status."""
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "superuser": user.is_superuser,
    }


def remember_roles(request, user):
    """``before_edit_user``: runs before the form is read, on every request to the edit view."""
    request._sharik_roles_before = roles_of(user)


def audit_role_change(request, user, before):
    after = roles_of(user)
    if after != before:
        audit(request.user, "user.roles_changed", user, before=before, after=after)


def audit_roles_after_edit(request, user):
    """``after_edit_user``: the account was saved."""
    before = getattr(request, "_sharik_roles_before", None)
    if before is not None:
        audit_role_change(request, user, before)


def audit_roles_after_create(request, user):
    """``after_create_user``: an account made with a role is a change from no role."""
    audit_role_change(request, user, {"groups": [], "superuser": False})
