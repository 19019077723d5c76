"""A project's responsible department becomes one of the commune's departments (information's),
whose members post its progress updates. Each free-text name is matched to a department by its
name in any language; a name that matches none becomes a new department, so nothing is lost."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify


def department_named(department_model, locale_model, name):
    """The department (its default-locale row) called ``name`` in any language, made in the
    default language when none is."""
    name = name.strip()
    match = department_model.objects.filter(name__iexact=name).first()
    if match is not None:
        original = department_model.objects.filter(
            translation_key=match.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        ).first()
        if original is not None:
            return original
    locale, _created = locale_model.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    slug = base = (slugify(name) or "department")[:50]
    number = 1
    while department_model.objects.filter(locale=locale, slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return department_model.objects.create(
        locale=locale, translation_key=uuid.uuid4(), slug=slug, name=name[:120]
    )


def to_departments(apps, schema_editor):
    ProjectPage = apps.get_model("plan", "ProjectPage")
    Department = apps.get_model("information", "Department")
    Locale = apps.get_model("wagtailcore", "Locale")
    for project in ProjectPage.objects.exclude(department="").only("pk", "department"):
        department = department_named(Department, Locale, project.department)
        ProjectPage.objects.filter(pk=project.pk).update(responsible_department=department)


def to_names(apps, schema_editor):
    ProjectPage = apps.get_model("plan", "ProjectPage")
    for project in ProjectPage.objects.exclude(responsible_department=None).select_related(
        "responsible_department"
    ):
        ProjectPage.objects.filter(pk=project.pk).update(
            department=project.responsible_department.name
        )


class Migration(migrations.Migration):
    dependencies = [
        ("information", "0005_tracking_counter"),
        ("plan", "0003_evaluation_counter_marks"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="projectupdate",
            options={
                "ordering": ["-date", "-pk"],
                "permissions": [
                    ("update_every_project", "Can post progress updates on every project")
                ],
                "verbose_name": "progress update",
                "verbose_name_plural": "progress updates",
            },
        ),
        migrations.AddField(
            model_name="projectpage",
            name="responsible_department",
            field=models.ForeignKey(
                blank=True,
                help_text="Its members post the project's progress updates (Action plan → Progress updates).",
                limit_choices_to={"locale__language_code": "ar"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="plan_projects",
                to="information.department",
                verbose_name="responsible department",
            ),
        ),
        migrations.RunPython(to_departments, to_names),
        migrations.RemoveField(
            model_name="projectpage",
            name="department",
        ),
    ]
