"""Departments post the progress updates of the plan's projects they are responsible for;
editors keep reporting on every project (sharik/roles.py)."""

from django.db import migrations


def apply_roles(apps, schema_editor):
    from sharik.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("sharik", "0002_staff_digest_preference"),
        ("plan", "0004_responsible_department"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
