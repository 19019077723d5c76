"""The staff groups and what each may do across the apps (pages, moderation, answers).

It names permissions of every app, so it lives in the project package, above the apps.
``seed_demo`` calls it; so do the tests' site skeleton (``tests/conftest.py``).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from counters.roles import ensure_counter_agents_group


def ensure_staff_groups():
    """Wagtail's Editors and Moderators groups with the permissions Sharik gives them (recreated if
    missing; idempotent). Council editors publish their own pages: Wagtail's default Editors group
    may only draft."""
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    page_permissions = {
        "Editors": ["add_page", "change_page", "publish_page"],
        "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    }
    core_permissions = {
        "Editors": [
            "participation.answer_officially",
            "proposals.view_proposal",
            "petitions.view_petition",
            "consultations.view_response",
            "plan.add_projectupdate",
            "plan.change_projectupdate",
            "plan.view_projectupdate",
            "plan.view_projectevaluation",
            "council.add_councilsession",
            "council.change_councilsession",
            "council.view_councilsession",
            "events.view_registration",
            "invest.answer_investormessage",
            "invest.add_investmenttopic",
            "invest.change_investmenttopic",
            "invest.view_investmenttopic",
            "procedures.view_procedurefeedback",
            "budgets.view_budgetproject",
            "budgets.review_budgetproject",
        ],
        "Moderators": [
            "participation.moderate_content",
            "participation.answer_officially",
            "participation.view_report",
            "participation.view_auditlogentry",
            "proposals.view_proposal",
            "petitions.view_petition",
            "petitions.view_organisation",
            "petitions.verify_organisation",
            "consultations.view_response",
        ],
    }
    for name, codenames in page_permissions.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for permission_name in core_permissions[name]:
            app_label, codename = permission_name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    # Access to information (law 31-13): the officers handle every request; a department's
    # members see in the admin only the requests assigned to their department
    # (information/rules.py), which the view permission opens the queue to.
    admin_only = {
        "Information officers": [
            "information.handle_request",
            "information.view_informationrequest",
            "information.add_publication",
            "information.change_publication",
            "information.delete_publication",
            "information.view_publication",
            "information.add_publicholiday",
            "information.change_publicholiday",
            "information.view_publicholiday",
        ],
        "Departments": ["information.view_informationrequest"],
    }
    for name, permission_names in admin_only.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    # The counter agents' group is the counters app's own (counters/roles.py); made here too, so
    # every group exists after a flush (the browser journeys' database, the demo).
    ensure_counter_agents_group()
