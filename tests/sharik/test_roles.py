"""The staff roles (sharik/roles.py, README "Roles"): every admin view and every staff URL,
requested as every role, answers as the role table says.

The expectations are derived from the table: each URL names what it checks (a permission of
the table, or a rule); the roles expected to reach it are those whose group holds it. Every URL
of the site is classified here, in ``ADMIN_URLS`` (the staff admin), ``STAFF_SITE_URLS`` (staff
pages outside it) or ``RESIDENT_AND_PUBLIC_URLS``: a URL added later and classified nowhere fails
``test_every_url_is_classified``, so a new staff URL cannot be forgotten. Every admin URL that
takes no argument is requested as every role; of those that take one, each namespace's
``OBJECT_URLS`` are requested on factory-made objects (the others of a viewset share the
permission policy of its index).
"""

import fnmatch
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from participation.models import AuditLogEntry
from sharik.roles import (
    ACCESS_ADMIN,
    ADMINISTRATOR,
    COUNTER_AGENT,
    DEPARTMENT,
    EDITOR,
    MODERATOR,
    OFFICIAL,
    ROLES,
    ensure_staff_groups,
)
from tests.counters.factories import make_agent, open_file
from tests.information.factories import DepartmentMemberFactory, file
from tests.participation.factories import (
    AuditLogEntryFactory,
    ReportFactory,
    ResidentFactory,
)
from tests.petitions.factories import OrganisationFactory, PetitionFactory, SignatureFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

ADMIN_PREFIX = f"{settings.SHARIK_ADMIN_PATH}/"
RESIDENT, ANONYMOUS = "resident", "anonymous"
PEOPLE = (*ROLES, RESIDENT, ANONYMOUS)


# --- What a URL checks, and who that lets in according to the table -------------------------


@dataclass(frozen=True)
class Needs:
    """What a view checks. ``permissions``: any of these (the roles holding one are let in);
    ``roles``: a rule of a feature, given as the roles it lets in; ``everyone``: a public page;
    ``unchecked``: the reason it is not requested (still classified)."""

    permissions: tuple = ()
    roles: frozenset = frozenset()
    everyone: bool = False
    unchecked: str = ""

    def people(self):
        if self.everyone:
            return set(PEOPLE)
        let_in = set(self.roles)
        for key, role in ROLES.items():
            held = {
                *role.permissions,
                *(f"page.{codename}" for codename in role.page_permissions),
                *(f"collection.{codename}" for codename in role.collection_permissions),
            }
            if held.intersection(self.permissions):
                let_in.add(key)
        return let_in


def perm(*permissions):
    return Needs(permissions=permissions)


def rule(*roles):
    return Needs(roles=frozenset(roles))


EVERYONE = Needs(everyone=True)
NOBODY = Needs()  # a superuser alone
ADMIN = perm(ACCESS_ADMIN)  # Wagtail's own screens for whoever works in the admin
PAGES = perm("page.add_page", "page.change_page")
IMAGES = perm("collection.add_image", "collection.change_image")
DOCUMENTS = perm("collection.add_document", "collection.change_document")


def unchecked(reason):
    return Needs(unchecked=reason)


#: The staff admin, first match wins ("namespace:name" globs).
ADMIN_URLS = [
    # Signing in and out, resetting a password, the icons and the catalog of the admin's scripts.
    ("wagtailadmin_login", unchecked("the sign-in page sends the signed-in to the dashboard")),
    ("wagtailadmin_logout", unchecked("POST only")),
    ("wagtailadmin_password_reset*", EVERYONE),
    ("wagtailadmin_sprite", EVERYONE),
    ("wagtailadmin_javascript_catalog", EVERYONE),
    ("wagtailadmin_error_test", unchecked("fails on purpose (Wagtail's test of the 500 page)")),
    ("<unnamed*", unchecked("the admin's 'not found' pages")),
    ("wagtail_bulk_action", unchecked("POST only, each action checks its own permission")),
    # What Wagtail opens to whoever works in the admin: the dashboard (each queue on it is
    # checked by its feature), their account, the choosers (listing only what they may see).
    ("wagtailadmin_home", ADMIN),
    ("wagtailadmin_account*", ADMIN),
    ("wagtailadmin_dismissibles", ADMIN),
    ("wagtailadmin_block_preview", ADMIN),
    ("wagtailadmin_api:*", ADMIN),
    ("wagtailadmin_editing_sessions:*", ADMIN),
    ("wagtailadmin_choose_page*", ADMIN),
    ("wagtailadmin_tag_autocomplete", ADMIN),
    ("wagtailadmin_tag_model_autocomplete", ADMIN),
    ("wagtailadmin_workflows:task_chooser*", ADMIN),
    ("wagtailadmin_reports:site_history*", ADMIN),
    ("wagtailembeds:*", ADMIN),
    ("wagtailimages_chooser:create", IMAGES),
    ("wagtailimages_chooser:*", ADMIN),
    ("wagtaildocs_chooser:create", DOCUMENTS),
    ("wagtaildocs_chooser:*", ADMIN),
    # Pages, their forms' submissions, their reports, their translation, images, documents.
    ("wagtailadmin_explore*", PAGES),
    ("wagtailadmin_pages:*", PAGES),
    ("wagtailadmin_reports:locked_pages*", NOBODY),  # no role locks pages
    ("wagtailadmin_reports:*", PAGES),
    ("wagtailforms:*", PAGES),
    ("simple_translation:*", perm("simple_translation.submit_translation")),
    ("wagtailimages:*", IMAGES),
    ("wagtaildocs:*", DOCUMENTS),
    ("wagtailsettings:*", perm("cms.change_sitelinks")),
    # The features' screens.
    ("participation_report:*", perm("participation.view_report")),
    ("participation_audit_log:*", perm("participation.view_auditlogentry")),
    ("participation_figures_admin", ADMIN),  # counts, never a person (participation/rules.py)
    ("proposals_proposal:*", perm("proposals.view_proposal")),
    ("petitions_petition:dossier", perm("participation.answer_officially")),
    ("petitions_petition:*", perm("petitions.view_petition")),
    ("petitions_organisation:*", perm("petitions.view_organisation")),
    ("information_request:*", perm("information.view_informationrequest")),
    ("information_publications:*", perm("information.change_publication")),
    ("public_holidays:*", perm("information.change_publicholiday")),
    ("investor_messages:*", perm("invest.answer_investormessage")),
    ("budgets_budgetproject:*", perm("budgets.view_budgetproject")),
    ("budget_*", perm("budgets.review_budgetproject")),
    ("consultations_admin:*", perm("consultations.view_response")),
    ("event_*", perm("events.view_registration")),
    ("council_sessions:*", perm("council.change_councilsession")),
    ("plan_updates:*", perm("plan.change_projectupdate")),
    ("plan_evaluations:*", perm("plan.view_projectevaluation")),
    ("procedure_feedback:*", perm("procedures.view_procedurefeedback")),
    ("wagtailsnippets_invest_investmenttopic:*", perm("invest.change_investmenttopic")),
    ("wagtailsnippetchoosers_invest_investmenttopic:create", perm("invest.add_investmenttopic")),
    ("announcements_admin:*", perm("announcements.send_announcement")),
    # Administration: accounts and roles, sites, languages, collections, redirects, workflows,
    # the lists the features are configured with.
    ("wagtailusers_users:*", perm("participation.change_user")),
    ("wagtailusers_groups:*", perm("auth.change_group")),
    ("wagtailsites:*", perm("wagtailcore.change_site")),
    ("wagtaillocales:add", unchecked("every language of the site exists: it sends to the list")),
    ("wagtaillocales:*", perm("wagtailcore.change_locale")),
    ("wagtailadmin_collections:*", perm("collection.add_collection")),
    ("wagtailadmin_workflows:*", perm("wagtailcore.change_workflow")),
    ("wagtailredirects:process_import", unchecked("POST only, after start_import")),
    ("wagtailredirects:*", perm("wagtailredirects.change_redirect")),
    ("wagtailsnippets:*", perm("petitions.change_councilcompetence")),  # those without a menu
    ("wagtailsnippets_participation_arrondissement:*", perm("participation.change_arrondissement")),
    ("wagtailsnippets_proposals_proposalcategory:*", perm("proposals.change_proposalcategory")),
    ("wagtailsnippets_petitions_councilcompetence:*", perm("petitions.change_councilcompetence")),
    ("wagtailsnippets_information_department:*", perm("information.change_department")),
    ("wagtailsnippets_information_refusalground:*", perm("information.change_refusalground")),
    (
        "wagtailsnippetchoosers_participation_arrondissement:create",
        perm("participation.add_arrondissement"),
    ),
    (
        "wagtailsnippetchoosers_proposals_proposalcategory:create",
        perm("proposals.add_proposalcategory"),
    ),
    (
        "wagtailsnippetchoosers_petitions_councilcompetence:create",
        perm("petitions.add_councilcompetence"),
    ),
    ("wagtailsnippetchoosers_information_department:create", perm("information.add_department")),
    (
        "wagtailsnippetchoosers_information_refusalground:create",
        perm("information.add_refusalground"),
    ),
    ("wagtailsnippetchoosers_*", ADMIN),
]

#: Staff pages outside the admin.
STAFF_SITE_URLS = [
    # Counters (counters/rules.py): in the group *and* posted at a counter.
    ("counters:open_file", unchecked("POST only: tests/counters/test_counter_journey.py")),
    ("counters:*", rule(COUNTER_AGENT)),
    # An association's documents and its decision to petition: the staff who check them.
    ("organisation_document", perm("petitions.verify_organisation")),
    (
        "petitions:filing_decision",
        perm("participation.moderate_content", "participation.answer_officially"),
    ),
    ("hide_comment", unchecked("POST only: tests/participation/test_comments.py")),
    # Read by its requester and the staff who handle it (information/rules.py).
    ("information:document", unchecked("the requester's and handlers': tests/information")),
]

#: Everything else: pages for residents and the public, each view checking the resident's own
#: rights (its app's tests); none opens anything to staff that a resident may not see.
RESIDENT_AND_PUBLIC_URLS = {
    *[
        "account_change_password",
        "account_confirm_email",
        "account_confirm_login_code",
        "account_confirm_reauthentication_code",
        "account_delete",
        "account_delete_confirm",
        "account_deleted",
        "account_email",
        "account_email_verification_sent",
        "account_inactive",
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_set_password",
        "account_signup",
        "announcement_unsubscribe",
        "api-docs",
        "api-root",
        "api-schema",
        "budgets:ballot",
        "budgets:project",
        "budgets:results",
        "budgets:results_export",
        "budgets:submit_idea",
        "consultations-detail",
        "consultations-export",
        "consultations-list",
        "consultations:confirm",
        "council-sessions-detail",
        "council-sessions-export",
        "council-sessions-list",
        "council:calendar",
        "council:session",
        "council:session_ics",
        "council:sessions",
        "data_export_download",
        "data_export_request",
        "delete_comment",
        "edit_comment",
        "events:calendar",
        "events:cancel",
        "events:ics",
        "events:register",
        "health",
        "identity_declaration",
        "information-requests-detail",
        "information-requests-export",
        "information-requests-list",
        "information:ask",
        "information:clarify",
        "information:complain",
        "information:figures",
        "information:mine",
        "information:publications",
        "information:publish",
        "information:published",
        "information:register",
        "information:request",
        "information:withdraw",
        "invest:contact",
        "invest:thanks",
        "login_code",
        "news:atom",
        "news:rss",
        "notification_settings",
        "notifications",
        "open_data",
        "organisation_create",
        "organisations",
        "participation_figures",
        "participation_figures_csv",
        "petitions-detail",
        "petitions-export",
        "petitions-list",
        "petitions:create",
        "petitions:detail",
        "petitions:edit",
        "petitions:file",
        "petitions:list",
        "petitions:mine",
        "petitions:sign",
        "petitions:withdraw",
        "plan-projects-detail",
        "plan-projects-export",
        "plan-projects-list",
        "plan:evaluate",
        "post_comment",
        "procedures:feedback",
        "procedures:ranking",
        "procedures:vote",
        "procedures:withdraw_vote",
        "profile",
        "profile_consents",
        "proposals-detail",
        "proposals-export",
        "proposals-list",
        "proposals:add_update",
        "proposals:create",
        "proposals:detail",
        "proposals:edit",
        "proposals:feed_atom",
        "proposals:feed_rss",
        "proposals:list",
        "proposals:map",
        "proposals:mine",
        "proposals:open_data_csv",
        "proposals:open_data_json",
        "proposals:similar",
        "proposals:support",
        "readiness",
        "report_comment",
        "report_host",
        "sitesearch:search",
        "thread_since",
        "toggle_follow",
        "toggle_support",
        "wagtail_serve",
        "wagtailcore_authenticate_with_password",
        "wagtailcore_login",
        "wagtaildocs_authenticate_with_password",
        "wagtaildocs_serve",
    ],
    "<unnamed robots.txt>",
    "<unnamed sitemap.xml>",
}
#: Served by Django itself when DEBUG is on (sharik/urls.py): uploaded files.
DEBUG_ONLY_URLS = {"<unnamed ^media/(?P<path>.*)$>"}


def needs_of(name, table):
    return next((needs for pattern, needs in table if fnmatch.fnmatchcase(name, pattern)), None)


# --- The site's URLs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    path: str  # the pattern from the site's root, as written
    name: str  # with its namespaces: "petitions_petition:dossier"
    takes_arguments: bool

    @property
    def is_admin(self):
        return self.path.startswith(ADMIN_PREFIX)


def routes():
    """Every URL pattern of the site, the admin's included."""

    def walk(patterns, prefix, namespaces, arguments):
        for entry in patterns:
            regex = entry.pattern.regex
            takes = arguments or bool(regex.groups)
            if isinstance(entry, URLResolver):
                inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner, takes)
            else:
                name = ":".join((*namespaces, entry.name or f"<unnamed {entry.pattern}>"))
                yield Route(prefix + str(entry.pattern), name, takes)

    # The language prefix of i18n_patterns takes no argument.
    return list(walk(get_resolver().url_patterns, "", (), False))


def without_arguments(table, admin):
    """(name, URL, needs) of each URL of ``table`` that takes no argument, to request."""
    found = {}
    for route in routes():
        if route.is_admin != admin or route.takes_arguments or route.name in found:
            continue
        needs = needs_of(route.name, table)
        if needs is None or needs.unchecked:
            continue
        try:
            found[route.name] = (reverse(route.name), needs)
        except NoReverseMatch:
            continue
    return found


def test_every_url_is_classified():
    """A new URL fails here until it says who may open it."""
    unclassified = []
    for route in routes():
        if route.is_admin:
            known = needs_of(route.name, ADMIN_URLS) is not None
        else:
            known = (
                needs_of(route.name, STAFF_SITE_URLS) is not None
                or route.name in RESIDENT_AND_PUBLIC_URLS | DEBUG_ONLY_URLS
            )
        if not known:
            unclassified.append(f"{route.name} (/{route.path})")
    assert not unclassified, "Say who may open these (tests/sharik/test_roles.py):\n" + "\n".join(
        unclassified
    )


def test_no_entry_of_the_tables_is_stale():
    names = {route.name for route in routes()}
    for pattern, _needs in [*ADMIN_URLS, *STAFF_SITE_URLS]:
        assert fnmatch.filter(names, pattern), pattern
    assert not RESIDENT_AND_PUBLIC_URLS - names


def test_the_walk_sees_the_admin_and_the_staff_pages():
    admin = without_arguments(ADMIN_URLS, admin=True)
    assert len(admin) > 100
    assert "participation_audit_log:index" in admin
    assert "counters:home" in without_arguments(STAFF_SITE_URLS, admin=False)


# --- One person per role ------------------------------------------------------------------


def person(role):
    if role == ANONYMOUS:
        return None
    if role == RESIDENT:
        return ResidentFactory()
    if role == COUNTER_AGENT:
        return make_agent()  # in the group, posted at Tabriquet's counter
    if role == DEPARTMENT:
        return DepartmentMemberFactory()  # in the group, member of a department
    user = ResidentFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=ROLES[role].group))
    return type(user).objects.get(pk=user.pk)


def outcome(response):
    """ "ok" when the view served the person, "denied" when it turned them away (Wagtail sends
    the refused to the sign-in page or, with a message, to the dashboard)."""
    status = response.status_code
    if status in (403, 404):
        return "denied"
    if status in (301, 302):
        target = response.headers["Location"].split("?")[0]
        if "login" in target or target == f"/{ADMIN_PREFIX}":
            return "denied"
        return "ok"
    if status == 200:
        return "ok"
    return f"status {status}"


def mismatches(client, role, user, urls):
    """The URLs of ``urls`` ({name: (url, needs)}) whose answer to ``user`` differs from the
    table's."""
    if user is not None:
        client.force_login(user)
    found = []
    for name, (url, needs) in urls.items():
        expected = "ok" if role in needs.people() else "denied"
        got = outcome(client.get(url))
        if got != expected:
            found.append(f"{name} {url}: {got}, the table says {expected}")
    return found


@pytest.mark.parametrize("role", PEOPLE)
def test_every_admin_view_answers_each_role_as_the_table_says(client, role):
    urls = without_arguments(ADMIN_URLS, admin=True)
    assert not mismatches(client, role, person(role), urls)


@pytest.fixture
def objects():
    """One of each object the admin's object views and the staff pages act on."""
    agent = make_agent()
    filed = PetitionFactory(filed=True)
    SignatureFactory(petition=filed)
    return {
        "agent": agent,
        "visit": open_file(agent, ResidentFactory(), seen=True),
        "filed_petition": filed,
        "organisation": OrganisationFactory(verified=False),
        "proposal": ProposalFactory(status="pending"),
        "report": ReportFactory(),
        "entry": AuditLogEntryFactory(),
        "request": file(),
        "user": ResidentFactory(is_staff=True),
        "home": Page.objects.get(depth=2, locale__language_code="ar"),
    }


def object_urls(objects):
    """{name: (url, needs)} of admin views and staff pages on an object."""
    petition = objects["filed_petition"].pk
    visit = objects["visit"].pk
    urls = {
        "petitions_petition:review": reverse("petitions_petition:review", args=[petition]),
        "petitions_petition:dossier (pdf)": reverse(
            "petitions_petition:dossier", args=[petition, "pdf"]
        ),
        "petitions_petition:dossier (csv)": reverse(
            "petitions_petition:dossier", args=[petition, "csv"]
        ),
        "petitions_organisation:review": reverse(
            "petitions_organisation:review", args=[objects["organisation"].pk]
        ),
        "proposals_proposal:review": reverse(
            "proposals_proposal:review", args=[objects["proposal"].pk]
        ),
        "participation_report:resolve": reverse(
            "participation_report:resolve", args=[objects["report"].pk]
        ),
        "participation_audit_log:inspect": reverse(
            "participation_audit_log:inspect", args=[objects["entry"].pk]
        ),
        "information_request:review": reverse(
            "information_request:review", args=[objects["request"].pk]
        ),
        "wagtailusers_users:edit": reverse("wagtailusers_users:edit", args=[objects["user"].pk]),
        "wagtailadmin_pages:edit": reverse("wagtailadmin_pages:edit", args=[objects["home"].pk]),
        "counters:file": reverse("counters:file", args=[visit]),
        "counters:receipt": reverse("counters:receipt", args=[visit]),
    }
    # The review of a filed petition: moderators pre-review, officials examine (a filed
    # petition opens to both, each with their own actions); a report is decided by moderators.
    special = {
        "petitions_petition:review": perm(
            "participation.moderate_content", "participation.answer_officially"
        ),
        # A proposal waiting for moderation: officials answer it once it is public.
        "proposals_proposal:review": perm("participation.moderate_content"),
        "participation_report:resolve": perm("participation.moderate_content"),
        "petitions_organisation:review": perm("petitions.verify_organisation"),
        # Departments read only their department's requests; this one is assigned to none.
        "information_request:review": perm("information.handle_request"),
    }
    table = ADMIN_URLS + STAFF_SITE_URLS
    return {
        name: (url, special.get(name) or needs_of(name.split(" ")[0], table))
        for name, url in urls.items()
    }


@pytest.mark.parametrize("role", PEOPLE)
def test_every_object_view_answers_each_role_as_the_table_says(client, objects, role):
    user = objects["agent"] if role == COUNTER_AGENT else person(role)
    assert not mismatches(client, role, user, object_urls(objects))


@pytest.mark.parametrize("role", PEOPLE)
def test_every_staff_page_outside_the_admin_answers_as_the_table_says(client, role):
    urls = without_arguments(STAFF_SITE_URLS, admin=False)
    assert not mismatches(client, role, person(role), urls)


# --- The national ID numbers: officials only ------------------------------------------------


def test_only_officials_hold_what_opens_national_id_numbers():
    """The dossier (every signatory's CIN) opens to ``answer_officially`` and a requester's
    CIN to ``handle_request``: the Officials group holds them, no other role."""
    for codename in ("answer_officially", "handle_request"):
        holders = set(
            Group.objects.filter(permissions__codename=codename).values_list("name", flat=True)
        )
        assert holders == {ROLES[OFFICIAL].group}, codename


@pytest.mark.parametrize("role", PEOPLE)
def test_the_dossier_downloads_for_officials_alone(client, role):
    petition = PetitionFactory(filed=True)
    signature = SignatureFactory(petition=petition)
    user = person(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("petitions_petition:dossier", args=[petition.pk, "csv"]))
    downloads = AuditLogEntry.objects.filter(action="petition.dossier_download")
    if role == OFFICIAL:
        assert response.status_code == 200
        content = b"".join(response.streaming_content).decode()
        assert signature.full_name in content
        assert downloads.get().actor == user
    else:
        assert outcome(response) == "denied"
        assert not downloads.exists()


def test_a_requesters_national_id_number_is_shown_to_officials_not_to_the_department(client):
    department_member = DepartmentMemberFactory()
    request = file()
    request.department = department_member.departments.get()
    request.save()
    url = reverse("information_request:review", args=[request.pk])
    masked = request.masked_cin
    client.force_login(department_member)
    page = client.get(url)
    assert page.status_code == 200  # the department handles its own request…
    assert masked not in page.content.decode()  # …without the requester's ID number
    client.force_login(person(OFFICIAL))
    assert masked in client.get(url).content.decode()


# --- Changes of role are in the audit log ---------------------------------------------------


def user_form(user, groups, **fields):
    return {
        "email": user.email,
        "first_name": "Salma",
        "last_name": "Bennani",
        "is_active": "on",
        "groups": [group.pk for group in groups],
        "password1": "",
        "password2": "",
        **fields,
    }


def test_an_administrator_changing_someones_roles_is_in_the_audit_log(client):
    administrator = person(ADMINISTRATOR)
    editors, officials = (Group.objects.get(name=ROLES[key].group) for key in (EDITOR, OFFICIAL))
    member = ResidentFactory(is_staff=True)
    member.groups.add(editors)
    client.force_login(administrator)
    url = reverse("wagtailusers_users:edit", args=[member.pk])
    response = client.post(url, user_form(member, [officials]))
    assert response.status_code == 302, response.context["form"].errors
    entry = AuditLogEntry.objects.get(action="user.roles_changed")
    assert entry.actor == administrator
    assert (entry.content_type.model, entry.object_id) == ("user", member.pk)
    assert entry.data == {
        "before": {"groups": ["Editors"], "departments": [], "superuser": False},
        "after": {"groups": ["Officials"], "departments": [], "superuser": False},
    }
    # Saving the account again without changing its roles writes nothing.
    client.post(url, user_form(member, [officials]))
    assert AuditLogEntry.objects.filter(action="user.roles_changed").count() == 1


def test_an_account_created_with_a_role_is_in_the_audit_log(client):
    administrator = person(ADMINISTRATOR)
    moderators = Group.objects.get(name=ROLES[MODERATOR].group)
    client.force_login(administrator)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new.moderator@sale.example",
            "first_name": "Salma",
            "last_name": "Bennani",
            "is_active": "on",
            "groups": [moderators.pk],
            "password1": "a long enough passphrase 2026",
            "password2": "a long enough passphrase 2026",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    entry = AuditLogEntry.objects.get(action="user.roles_changed")
    assert entry.actor == administrator
    created = type(administrator).objects.get(email="new.moderator@sale.example")
    assert (entry.content_type.model, entry.object_id) == ("user", created.pk)
    assert entry.data["before"] == {"groups": [], "departments": [], "superuser": False}
    assert entry.data["after"] == {"groups": ["Moderators"], "departments": [], "superuser": False}


def test_only_administrators_change_roles(client):
    member = ResidentFactory(is_staff=True)
    url = reverse("wagtailusers_users:edit", args=[member.pk])
    officials = Group.objects.get(name=ROLES[OFFICIAL].group)
    for role in (EDITOR, MODERATOR, OFFICIAL, DEPARTMENT):
        client.force_login(person(role))
        response = client.post(url, user_form(member, [officials]))
        assert outcome(response) == "denied", role
    assert not member.groups.exists()
    assert not AuditLogEntry.objects.filter(action="user.roles_changed").exists()


# --- The groups: made by the migration from the table -----------------------------------------


def group_contents(group):
    return (
        {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        },
        {
            (gpp.page.depth, gpp.permission.codename)
            for gpp in GroupPagePermission.objects.filter(group=group)
        },
        {
            (gcp.collection.depth, gcp.permission.codename)
            for gcp in GroupCollectionPermission.objects.filter(group=group)
        },
    )


def assert_groups_follow_the_table():
    for key, role in ROLES.items():
        group = Group.objects.get(name=role.group)
        permissions, pages, collections = group_contents(group)
        assert permissions == set(role.permissions), key
        assert pages == {(1, codename) for codename in role.page_permissions}, key
        assert collections == {(1, codename) for codename in role.collection_permissions}, key


def test_the_migration_builds_each_roles_group_from_the_table(django_db_blocker):
    """The migration's function, on its own app states, over groups as an earlier version left
    them: Wagtail's Editors and Moderators with Wagtail's defaults and Sharik's old extras, an
    "Information officers" group with a member, no Officials, no Administrators."""
    Group.objects.filter(name__in=[role.group for role in ROLES.values()]).delete()
    moderators = Group.objects.create(name="Moderators")
    moderators.permissions.add(
        Permission.objects.get(codename="answer_officially"),
        Permission.objects.get(codename="access_admin"),
    )
    GroupPagePermission.objects.create(
        group=moderators,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    officer = ResidentFactory(is_staff=True)
    officer.groups.add(Group.objects.create(name="Information officers"))

    with override_settings(MIGRATION_MODULES={}):  # read the files even under --nomigrations
        loader = MigrationLoader(None)
    # Every migration that applies the table (a new one each time it changes), in order, each
    # on its own app state.
    roles_migrations = sorted(
        name
        for (app, name), migration in loader.disk_migrations.items()
        if app == "sharik"
        and any(
            getattr(op, "code", None) and op.code.__name__ == "apply_roles"
            for op in migration.operations
        )
    )
    assert roles_migrations[:2] == ["0001_staff_roles", "0003_departments_report_on_plan_projects"]
    for name in roles_migrations:
        state = loader.project_state(("sharik", name), at_end=False)
        migration = loader.get_migration("sharik", name)
        migration.operations[0].code(state.apps, None)  # RunPython: no schema change

    assert_groups_follow_the_table()
    assert list(officer.groups.values_list("name", flat=True)) == ["Officials"]
    assert not Group.objects.filter(name="Information officers").exists()


def test_ensure_staff_groups_is_idempotent_and_follows_the_table():
    ensure_staff_groups()
    ensure_staff_groups()
    assert_groups_follow_the_table()
    assert Group.objects.filter(name="Editors").count() == 1


def test_pages_submitted_for_approval_go_to_those_who_may_publish_them():
    """Wagtail's own workflow asked the Moderators group, who do not publish pages here."""
    from wagtail.models import GroupApprovalTask

    ensure_staff_groups()
    tasks = list(GroupApprovalTask.objects.prefetch_related("groups"))
    assert tasks  # Wagtail's migrations made one
    for task in tasks:
        assert [group.name for group in task.groups.all()] == ["Editors"]
        for group in task.groups.all():
            assert GroupPagePermission.objects.filter(
                group=group, permission__codename="publish_page"
            ).exists()


# --- The table itself: least privilege ----------------------------------------------------


def holders(permission):
    return {key for key, role in ROLES.items() if permission in role.permissions}


def test_each_power_belongs_to_one_role():
    assert holders("participation.answer_officially") == {OFFICIAL}
    assert holders("information.handle_request") == {OFFICIAL}
    assert holders("participation.moderate_content") == {MODERATOR}
    assert holders("participation.change_user") == {ADMINISTRATOR}
    assert holders("auth.change_group") == {ADMINISTRATOR}
    assert {key for key, role in ROLES.items() if role.page_permissions} == {EDITOR}
    assert holders("counters.serve_at_counter") == {COUNTER_AGENT}
    # Counter agents work at the counter's pages, not in the admin.
    assert holders(ACCESS_ADMIN) == set(ROLES) - {COUNTER_AGENT}


def test_taking_someone_into_a_department_or_letting_them_go_is_in_the_audit_log(client):
    """A department's members handle its information requests and report on its plan projects:
    a change of membership, on the department's screen, is a change of role."""
    administrator = person(ADMINISTRATOR)
    leaving = DepartmentMemberFactory()
    department = leaving.departments.get()
    joining = ResidentFactory(is_staff=True)
    client.force_login(administrator)
    url = reverse("wagtailsnippets_information_department:edit", args=[department.pk])
    response = client.post(
        url,
        {
            "name": department.name,
            "slug": department.slug,
            "sort_order": "0",
            "members": [joining.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    entries = {
        entry.object_id: entry
        for entry in AuditLogEntry.objects.filter(action="user.roles_changed")
    }
    assert set(entries) == {leaving.pk, joining.pk}
    assert {entry.actor for entry in entries.values()} == {administrator}
    assert entries[leaving.pk].data["before"]["departments"] == [department.slug]
    assert entries[leaving.pk].data["after"]["departments"] == []
    assert entries[joining.pk].data["before"]["departments"] == []
    assert entries[joining.pk].data["after"]["departments"] == [department.slug]
    # Saving it again with the same members writes nothing more.
    client.post(
        url,
        {
            "name": department.name,
            "slug": department.slug,
            "sort_order": "0",
            "members": [joining.pk],
        },
    )
    assert AuditLogEntry.objects.filter(action="user.roles_changed").count() == 2
