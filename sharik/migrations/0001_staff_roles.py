"""The staff roles' groups from the table in sharik/roles.py (README, "Roles"): "Information
officers" renamed "Officials" (its members keep their role), the Administrators and Officials
groups created, every role's permissions set to the table's. Moderators and editors no longer
answer officially nor open the petition dossier; moderators no longer edit pages."""

from django.db import migrations


def apply_roles(apps, schema_editor):
    from sharik.roles import apply_roles

    apply_roles(apps, known_only=True)  # a later migration brings later permissions


class Migration(migrations.Migration):
    # After every app whose permissions the table names, and after Wagtail's own migrations
    # that made the Editors and Moderators groups (their permissions are set again here).
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("simple_translation", "0001_initial"),
        ("participation", "0013_data_export"),
        ("proposals", "0004_counter_marks"),
        ("petitions", "0005_signature_at_counter"),
        ("information", "0005_tracking_counter"),
        ("council", "0001_initial"),
        ("events", "0002_consultation_project_documents"),
        ("budgets", "0004_budgetproject_support_count"),
        ("counters", "0003_visit_action_record"),
        ("procedures", "0001_initial"),
        ("invest", "0003_languages_with_amazigh"),
        ("consultations", "0003_response_counter_marks"),
        ("plan", "0003_evaluation_counter_marks"),
        ("cms", "0003_home_sections"),
        ("announcements", "0001_initial"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
