"""News of a project for its followers, run by the worker (``tasks.announce_update``) after
``services.post_update`` recorded a progress update."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participation.models import NotificationCategory
from participation.notifications import notify_many
from plan.models import ProjectPage, ProjectUpdate


def notify_update(update_id):
    """Tell the followers of an updated project, each once, in their language, with a link to
    the project in their language."""
    update = ProjectUpdate.objects.select_related("project").filter(pk=update_id).first()
    if update is None:
        return 0
    project = update.project
    versions = {
        page.locale.language_code: page
        for page in ProjectPage.objects.live()
        .filter(translation_key=project.translation_key)
        .select_related("locale")
    }
    content_type = ContentType.objects.get_for_model(project, for_concrete_model=False)
    followers = (
        get_user_model()
        .objects.filter(
            follows__content_type=content_type, follows__object_id=project.pk, is_active=True
        )
        .exclude(pk=update.author_id)
        .order_by("pk")
    )
    return notify_many(
        followers,
        NotificationCategory.FOLLOWED_ACTIVITY,
        lambda: (
            _("Action plan: news of the project “%(title)s”")
            % {"title": versions.get(get_language(), project).title}
        ),
        url=lambda language: versions.get(language, project).url + "#updates",
        key=f"plan-update:{update.pk}",
    )
