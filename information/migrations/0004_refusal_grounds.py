"""The grounds for refusal of law 31-13 as editable defaults (information/defaults.py)."""

from django.db import migrations

from information.defaults import create_refusal_grounds


def create_grounds(apps, schema_editor):
    create_refusal_grounds(
        apps.get_model("wagtailcore", "Locale"), apps.get_model("information", "RefusalGround")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("information", "0003_information_requests"),
        ("participation", "0003_sale_arrondissements"),
    ]

    operations = [migrations.RunPython(create_grounds, migrations.RunPython.noop)]
