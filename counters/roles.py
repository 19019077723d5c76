"""The "Counter agents" staff group and its permissions, created by a data migration
(migrations/0002_counter_agents_group.py) and again by ``ensure_counter_agents_group()`` after a
test flushes the database."""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

COUNTER_AGENTS = "Counter agents"

# Serving residents at a counter; recording a participatory-budget ballot for a voter there
# (budgets/services.py, ``cast_ballot(..., at_counter_by=...)``).
COUNTER_AGENT_PERMISSIONS = [
    ("counters", "serve_at_counter"),
    ("budgets", "record_ballot_at_counter"),
]


def ensure_counter_agents_group(apps=installed_apps):
    """The group with its permissions (idempotent). ``apps``: the migration's historical apps."""
    for app_label in {app_label for app_label, _codename in COUNTER_AGENT_PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name=COUNTER_AGENTS)
    for app_label, codename in COUNTER_AGENT_PERMISSIONS:
        group.permissions.add(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group
