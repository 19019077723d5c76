"""Changes of a member of staff's roles written to the audit log (``user.roles_changed``): who
changed whose groups, departments and superuser status, before and after.

Roles are given in the admin's "Users" screens (Wagtail's user views), and a department's members
on the department's screen (a snippet); their hooks call these functions: before an edit the
roles are remembered on the request, after it they are compared, and an account created with a
role is written as a change from none. Changes made outside the admin (``createsuperuser``, a
shell) are the operator's and are not written here.
"""

from django.contrib.auth import get_user_model

from information.models import Department
from participation.services import audit


def roles_of(user):
    """What a change of role compares: the groups' names and the departments' slugs, sorted,
    and superuser status."""
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "departments": sorted(user.departments.values_list("slug", flat=True)),
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
    audit_role_change(request, user, {"groups": [], "departments": [], "superuser": False})


# --- A department's members ---------------------------------------------------------------------


def remember_members(request, instance):
    """``before_edit_snippet``: each member's roles before the department's screen is saved."""
    if isinstance(instance, Department):
        request._sharik_members_before = {
            member.pk: roles_of(member) for member in instance.members.all()
        }


def audit_members_after_edit(request, instance):
    """``after_edit_snippet``, ``after_create_snippet``: a change of role for each person the
    department took in or let go."""
    if not isinstance(instance, Department):
        return
    before = getattr(request, "_sharik_members_before", {})
    members = {member.pk: member for member in instance.members.all()}
    left = get_user_model().objects.filter(pk__in=before.keys() - members.keys())
    for person in left:
        audit_role_change(request, person, before[person.pk])
    for pk, member in members.items():
        if pk not in before:
            roles = roles_of(member)
            roles["departments"] = [s for s in roles["departments"] if s != instance.slug]
            audit_role_change(request, member, roles)
