import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Arrondissements live after the user model: Wagtail's own migrations depend on the user
    model, and arrondissements depend on Wagtail's locales."""

    dependencies = [
        ("participation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name='Arrondissement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('slug', models.SlugField(help_text='Used in addresses and filters; the same in every language.', max_length=60, verbose_name='slug')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
            ],
            options={
                'verbose_name': 'arrondissement',
                'verbose_name_plural': 'arrondissements',
                'ordering': ['sort_order', 'name'],
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='arrondissement',
            constraint=models.UniqueConstraint(fields=('locale', 'slug'), name='arrondissement_unique_slug_per_locale'),
        ),
        migrations.AlterUniqueTogether(
            name='arrondissement',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AddField(
            model_name="user",
            name="arrondissement",
            field=models.ForeignKey(blank=True, help_text='Where you live or work in the commune, to show you what concerns you.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='participation.arrondissement', verbose_name='arrondissement'),
        ),
    ]
