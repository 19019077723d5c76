from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """News articles of the commune, with feeds and the followers of what they concern told."""

    name = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from news.models import NewsPage
        from news.services import article_published

        page_published.connect(
            article_published, sender=NewsPage, dispatch_uid="news_article_published"
        )
