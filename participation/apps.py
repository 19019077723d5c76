from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        # parts: registers the personal parts
        from participation import pagecache, parts, search  # noqa: F401

        pagecache.connect_signals(self)
        # The database's folding of searched text (participation/search.py).
        connection_created.connect(search.install_fold, dispatch_uid="sharik-fold")
        post_migrate.connect(search.create_fold_function, sender=self, dispatch_uid="sharik-fold")
