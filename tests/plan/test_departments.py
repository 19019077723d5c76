"""A project's responsible department reports on its progress: its members post the project's
updates in the admin and correct them, and see no other project's (plan/rules.py); editors
report on every project. The free-text department of earlier versions becomes one of the
commune's departments (plan/migrations/0004)."""

import importlib
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from information.models import Department
from plan import services
from plan.models import ProjectUpdate
from plan.services import PlanError
from tests.factories import log_in, make_axis, make_editor, make_project
from tests.information.factories import DepartmentFactory, DepartmentMemberFactory
from tests.participation.factories import ResidentFactory
from tests.plan.factories import ProjectUpdateFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "date": "2026-05-01",
    "text": "انتهاء أشغال التهيئة",
    "status": "in_progress",
    "percent": "60",
    "budget_planned": "",
    "budget_committed": "",
    "budget_spent": "",
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0",
    "attachments-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def projects():
    """Two projects: the urban planning department's, and the finance department's."""
    urbanisme = DepartmentFactory(slug="urbanisme")
    finances = DepartmentFactory(slug="finances", name="قسم الشؤون المالية")
    axis = make_axis()
    return {
        "own": make_project(axis, "تهيئة ساحة باب الخميس", responsible_department=urbanisme),
        "other": make_project(axis, "رقمنة المداخيل", responsible_department=finances),
        "urbanisme": urbanisme,
    }


@pytest.fixture
def member(projects):
    return DepartmentMemberFactory(department=projects["urbanisme"])


def test_a_department_posts_updates_on_its_own_projects_only(client, projects, member):
    log_in(client, member)
    form = client.get(reverse("plan_updates:add"))
    assert form.status_code == 200
    choices = form.context["form"].fields["project"].queryset
    assert list(choices) == [projects["own"]]

    posted = client.post(reverse("plan_updates:add"), {**FIELDS, "project": projects["own"].pk})
    assert posted.status_code == 302
    update = ProjectUpdate.objects.get()
    assert (update.project, update.author, update.percent) == (projects["own"], member, 60)

    # Another department's project is not a choice: the form says so and posts nothing.
    refused = client.post(
        reverse("plan_updates:add"), {**FIELDS, "project": projects["other"].pk, "text": "x"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["project"]
    assert refused.context["form"].data["text"] == "x"  # what they typed is kept
    assert ProjectUpdate.objects.count() == 1


def test_a_department_reads_and_corrects_its_projects_updates_only(client, projects, member):
    own = ProjectUpdateFactory(project=projects["own"], text="تحديث القسم")
    other = ProjectUpdateFactory(project=projects["other"], text="تحديث قسم آخر")
    log_in(client, member)
    listing = client.get(reverse("plan_updates:index")).content.decode()
    assert "تهيئة ساحة باب الخميس" in listing and "رقمنة المداخيل" not in listing
    for view in ("edit", "inspect", "history", "usage"):
        assert client.get(reverse(f"plan_updates:{view}", args=[own.pk])).status_code == 200, view
        denied = client.get(reverse(f"plan_updates:{view}", args=[other.pk]))
        assert denied.status_code in (302, 403), view
    # An update is the project's history: no role deletes one, not even its own department.
    for update in (own, other):
        assert client.get(reverse("plan_updates:delete", args=[update.pk])).status_code == 302
    client.post(reverse("plan_updates:edit", args=[other.pk]), {"text": "تغيير"})
    other.refresh_from_db()
    assert other.text == "تحديث قسم آخر"


def test_editors_report_on_every_project(client, projects):
    editor = make_editor()
    log_in(client, editor)
    choices = client.get(reverse("plan_updates:add")).context["form"].fields["project"].queryset
    assert set(choices) == {projects["own"], projects["other"]}
    other = ProjectUpdateFactory(project=projects["other"])
    assert client.get(reverse("plan_updates:edit", args=[other.pk])).status_code == 200


def test_the_service_refuses_whoever_does_not_report_on_the_project(projects, member):
    with pytest.raises(PlanError):
        services.post_update(member, projects["other"], date(2026, 5, 1), "x", percent=10)
    with pytest.raises(PlanError):
        services.post_update(ResidentFactory(), projects["own"], date(2026, 5, 1), "x")
    # A department's member who left the department no longer reports on its projects.
    services.post_update(member, projects["own"], date(2026, 5, 1), "أشغال", percent=10)
    projects["urbanisme"].members.remove(member)
    member = type(member).objects.get(pk=member.pk)
    with pytest.raises(PlanError):
        services.post_update(member, projects["own"], date(2026, 5, 2), "أشغال", percent=20)
    assert ProjectUpdate.objects.count() == 1


def test_the_project_page_names_its_department_in_the_readers_language(client, projects):
    urbanisme = projects["urbanisme"]
    Department.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        translation_key=urbanisme.translation_key,
        slug=urbanisme.slug,
        name="Service de l'urbanisme",
    )
    page = client.get(projects["own"].url).content.decode()
    assert "قسم التعمير" in page
    with translation.override("fr"):
        assert urbanisme.localized_name == "Service de l'urbanisme"


# --- The migration from free text ---------------------------------------------------------------


def department_named(name):
    migration = importlib.import_module("plan.migrations.0004_responsible_department")
    return migration.department_named(Department, Locale, name)


def test_the_migration_matches_a_name_in_any_language_to_the_department():
    urbanisme = DepartmentFactory(slug="urbanisme")
    Department.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        translation_key=urbanisme.translation_key,
        slug="urbanisme",
        name="Service de l'urbanisme",
    )
    assert department_named(" قسم التعمير ") == urbanisme
    assert department_named("service de l'urbanisme") == urbanisme  # its French row → its own


def test_the_migration_keeps_an_unknown_name_as_a_new_department():
    made = department_named("مصلحة الإنارة العمومية")
    assert made.locale.language_code == "ar" and made.name == "مصلحة الإنارة العمومية"
    assert department_named("مصلحة الإنارة العمومية") == made  # the next project shares it
    assert Department.objects.filter(name="مصلحة الإنارة العمومية").count() == 1
