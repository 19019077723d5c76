"""The "Counter agents" staff group, with the permissions the role needs (counters/roles.py)."""

from django.db import migrations


def create_group(apps, schema_editor):
    from counters.roles import ensure_counter_agents_group

    ensure_counter_agents_group(apps)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Counter agents").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("counters", "0001_initial"),
        ("budgets", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
