"""The home page's sections (issue 17, point 8): what it shows of the platform, in the order
editors choose. Every existing home page, in every language (zgh included), starts with the
default order of ``cms.models.default_sections``; so do new ones (the field's default).
"""

import cms.models
import wagtail.fields
from django.db import migrations


def give_default_sections(apps, schema_editor):
    HomePage = apps.get_model("cms", "HomePage")
    for page in HomePage.objects.all():
        if not page.sections:
            page.sections = cms.models.default_sections()
            page.save(update_fields=["sections"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_amazigh_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="homepage",
            name="sections",
            field=wagtail.fields.StreamField(
                [("section", 3)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("open_consultations", "Open consultations"),
                                ("petitions_collecting", "Petitions collecting signatures"),
                                ("latest_proposals", "Latest proposals"),
                                ("plan_updates", "Latest plan updates"),
                                ("upcoming_events", "Next meetings"),
                            ],
                            "label": "what to show",
                        },
                    ),
                    1: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave empty for the usual heading.",
                            "label": "heading",
                            "max_length": 120,
                            "required": False,
                        },
                    ),
                    2: (
                        "wagtail.blocks.IntegerBlock",
                        (),
                        {"default": 3, "label": "number of items", "max_value": 12, "min_value": 1},
                    ),
                    3: (
                        "wagtail.blocks.StructBlock",
                        [[("kind", 0), ("heading", 1), ("items", 2)]],
                        {},
                    ),
                },
                default=cms.models.default_sections,
                help_text="What the page shows of the platform, in this order.",
                verbose_name="sections",
            ),
        ),
        migrations.RunPython(give_default_sections, migrations.RunPython.noop),
    ]
