"""The staff roles: one table (``ROLES``), the single source of what each group of staff may do.

Six roles, each a Django group (README, "Roles"): editors publish (pages, news, events, council
sessions, consultations), moderators moderate (proposals, comments, abuse reports, associations),
officials answer and decide on behalf of the commune (official answers, petitions' admissibility
and council decisions, the petition dossier with its national ID numbers, information requests,
investors' messages), counter agents serve residents at a counter, departments handle the
information requests assigned to them and report on the progress of their plan projects,
administrators manage staff accounts, their roles and the platform's settings. Least
privilege: a role holds what its work needs and nothing else; a person with two jobs is in two
groups.

Administrators are a group, not superusers: they manage who is in which role and the settings,
but they neither moderate nor read national ID numbers unless they are also in that role. A
superuser (``createsuperuser``, the operator of the installation; the demo's "admin") passes
every check, Django's rule; keep such accounts to the operator.

The groups are created and updated from this table by a data migration
(``sharik/migrations/0001_staff_roles.py``), which also renamed the earlier "Information
officers" group to "Officials" so its members kept their role; ``ensure_staff_groups()`` does the
same after a test flushes the database, and for the demo. A role's permissions are *set* to the
table's: what an earlier version gave and the table no longer lists is taken away. Changing the
table therefore needs a new migration that calls ``apply_roles()`` again (after the migrations
of the permissions it names); the earlier ones call it with ``known_only``.

It names permissions of every app, so it lives in the project package, above the apps.
"""

from dataclasses import dataclass

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _

from counters.roles import COUNTER_AGENT_PERMISSIONS, COUNTER_AGENTS

ACCESS_ADMIN = "wagtailadmin.access_admin"


@dataclass(frozen=True)
class Role:
    """A staff role: the group that holds it (its name is stored: never translated, never
    renamed without a migration), its name in the reader's language, the model permissions
    (``"app_label.codename"``) the group holds, and what it holds on the page tree and on the
    collection of images and documents (Wagtail's, on their root)."""

    group: str
    label: str
    permissions: tuple = ()
    page_permissions: tuple = ()
    collection_permissions: tuple = ()


def _crud(app_label, model, actions=("add", "change", "delete", "view")):
    return tuple(f"{app_label}.{action}_{model}" for action in actions)


EDITOR, MODERATOR, OFFICIAL = "editor", "moderator", "official"
COUNTER_AGENT, DEPARTMENT, ADMINISTRATOR = "counter_agent", "department", "administrator"

ROLES = {
    # Pages (news, events, consultations, the plan's pages, services…), their images and
    # documents, council sessions, the footer's links, investment topics; reading what residents
    # answer to the consultations editors build, registrations to their events, feedback on
    # their procedure pages; posting the plan's progress updates; the participatory budget.
    EDITOR: Role(
        group="Editors",
        label=_("Editors"),
        permissions=(
            ACCESS_ADMIN,
            "cms.change_sitelinks",
            "cms.view_sitelinks",
            *_crud("council", "councilsession", ("add", "change", "view")),
            "consultations.view_response",
            "events.view_registration",
            *_crud("plan", "projectupdate", ("add", "change", "view")),
            "plan.update_every_project",
            "plan.view_projectevaluation",
            "procedures.view_procedurefeedback",
            *_crud("invest", "investmenttopic", ("add", "change", "view")),
            "simple_translation.submit_translation",
            # The participatory budget: editors build its pages, review the projects residents
            # submit and turn the winners into pages of the plan.
            "budgets.view_budgetproject",
            "budgets.review_budgetproject",
        ),
        page_permissions=("add_page", "change_page", "publish_page"),
        collection_permissions=(
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        ),
    ),
    # Residents' contributions before and after publication: proposals and petitions to
    # pre-review, comments, abuse reports, associations to verify, quotes from consultation
    # answers; the audit log. No page, no official answer, no petition dossier.
    MODERATOR: Role(
        group="Moderators",
        label=_("Moderators"),
        permissions=(
            ACCESS_ADMIN,
            "participation.moderate_content",
            "participation.view_report",
            "participation.view_auditlogentry",
            "proposals.view_proposal",
            "petitions.view_petition",
            "petitions.view_organisation",
            "petitions.verify_organisation",
            "consultations.view_response",
        ),
    ),
    # The commune's answers and decisions: official answers (proposals, comments), petitions
    # after filing (admissibility, council decision) and their dossier, the one place national
    # ID numbers are decrypted; information requests (law 31-13: every request, the proactive
    # publications, the holiday calendar their deadlines count on); investors' messages.
    OFFICIAL: Role(
        group="Officials",
        label=_("Officials"),
        permissions=(
            ACCESS_ADMIN,
            "participation.answer_officially",
            "proposals.view_proposal",
            "petitions.view_petition",
            "information.handle_request",
            "information.view_informationrequest",
            *_crud("information", "publication"),
            *_crud("information", "publicholiday", ("add", "change", "view")),
            "invest.answer_investormessage",
            # The commune's announcements by email (announcements/): write, preview, send.
            *_crud("announcements", "announcement", ("add", "change", "view")),
            "announcements.send_announcement",
        ),
    ),
    # Serving residents at their arrondissement's counter (counters/): not in the admin.
    COUNTER_AGENT: Role(
        group=COUNTER_AGENTS,
        label=_("Counter agents"),
        permissions=tuple(f"{app}.{codename}" for app, codename in COUNTER_AGENT_PERMISSIONS),
    ),
    # A department's members: the information requests assigned to their department, the
    # progress updates of the plan's projects it is responsible for (information/rules.py and
    # plan/rules.py narrow each to their department's).
    DEPARTMENT: Role(
        group="Departments",
        label=_("Departments"),
        permissions=(
            ACCESS_ADMIN,
            "information.view_informationrequest",
            *_crud("plan", "projectupdate", ("add", "change", "view")),
        ),
    ),
    # Staff accounts and their roles, and the platform's settings: sites, languages,
    # collections, redirects, workflows, the lists the features are configured with
    # (arrondissements, proposal categories, council competences, departments, grounds for
    # refusal); the audit log, where every change of role is written.
    ADMINISTRATOR: Role(
        group="Administrators",
        label=_("Administrators"),
        permissions=(
            ACCESS_ADMIN,
            *_crud("participation", "user"),
            *_crud("auth", "group"),
            "participation.view_auditlogentry",
            *_crud("wagtailcore", "site"),
            *_crud("wagtailcore", "locale"),
            *_crud("wagtailcore", "workflow"),
            *_crud("wagtailcore", "task"),
            *_crud("wagtailredirects", "redirect"),
            *_crud("participation", "arrondissement"),
            *_crud("proposals", "proposalcategory"),
            *_crud("petitions", "councilcompetence"),
            *_crud("information", "department"),
            *_crud("information", "refusalground"),
        ),
        collection_permissions=("add_collection", "change_collection", "delete_collection"),
    ),
}

#: Groups of earlier versions, renamed by the migration so that their members keep a role.
RENAMED_GROUPS = {"Information officers": ROLES[OFFICIAL].group}


def _create_permissions(apps):
    """Permissions are made after ``migrate`` (post_migrate): a migration that gives them must
    make them first. Every app, so that the apps the table names later are covered too."""
    for app_config in apps.get_app_configs():
        if apps is not installed_apps:  # a migration's app states say nothing of their modules
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)


def apply_roles(apps=installed_apps, *, known_only=False):
    """Each role's group with exactly the table's permissions (created if missing, earlier names
    renamed first; idempotent). ``apps``: a migration's historical apps, or the installed ones.
    ``known_only``: for an earlier migration, which runs with today's table on a new database
    before the permissions a later migration brings exist; it leaves those to the latest
    migration calling this, which is strict. Returns the groups by role."""
    _create_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    page_model = apps.get_model("wagtailcore", "Page")
    collection_model = apps.get_model("wagtailcore", "Collection")
    page_permission_model = apps.get_model("wagtailcore", "GroupPagePermission")
    collection_permission_model = apps.get_model("wagtailcore", "GroupCollectionPermission")

    for old, new in RENAMED_GROUPS.items():
        if not group_model.objects.filter(name=new).exists():
            group_model.objects.filter(name=old).update(name=new)

    permissions = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in permission_model.objects.select_related("content_type")
    }
    root_page = page_model.objects.filter(depth=1).first()
    root_collection = collection_model.objects.filter(depth=1).first()
    groups = {}
    for key, role in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=role.group)
        missing = [name for name in role.permissions if name not in permissions]
        if missing and not known_only:
            raise LookupError(f"Role {key!r}: no such permission {missing}")
        group.permissions.set(
            [permissions[name] for name in role.permissions if name in permissions]
        )
        _set_object_permissions(
            page_permission_model, group, "page", root_page, role.page_permissions, permissions
        )
        _set_object_permissions(
            collection_permission_model,
            group,
            "collection",
            root_collection,
            role.collection_permissions,
            permissions,
        )
        groups[key] = group
    _approvals_by_publishers(apps, groups)
    return groups


def _approvals_by_publishers(apps, groups):
    """Wagtail's migrations make a workflow, "Moderators approval", whose task asks the
    Moderators group to approve the pages submitted to it, and approving publishes. Here
    moderators moderate residents' content and do not publish pages: a page submitted for
    approval goes to the editors, who do."""
    task_model = apps.get_model("wagtailcore", "GroupApprovalTask")
    for task in task_model.objects.filter(groups=groups[MODERATOR]):
        task.groups.remove(groups[MODERATOR])
        task.groups.add(groups[EDITOR])
        if task.name == "Moderators approval":
            task.name = "Editors approval"
            task.save(update_fields=["name"])


WAGTAIL_OBJECT_PERMISSION_APPS = {
    "page": ("wagtailcore",),
    "collection": ("wagtailimages", "wagtaildocs", "wagtailcore"),
}


def _set_object_permissions(model, group, field, root, codenames, permissions):
    """Exactly ``codenames`` for ``group`` on the root of the page tree (or of the
    collections); none anywhere else."""
    wanted = set()
    if root is not None:
        for codename in codenames:
            permission = next(
                permissions[f"{app}.{codename}"]
                for app in WAGTAIL_OBJECT_PERMISSION_APPS[field]
                if f"{app}.{codename}" in permissions
            )
            model.objects.get_or_create(group=group, permission=permission, **{field: root})
            wanted.add(permission.pk)
    model.objects.filter(group=group).exclude(**{field: root}, permission__in=wanted).delete()


def ensure_staff_groups():
    """The roles' groups, as the migration makes them, after a test flushed the database (the
    tests' site skeleton, tests/site.py) and for the demo (``seed_demo``)."""
    return apply_roles()
