"""News of a project for its followers, run by the worker (``tasks.announce_update``) after
``services.post_update`` recorded a progress update."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from participation.models import Follow, NotificationCategory
from participation.notifications import notify
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
    follows = (
        Follow.objects.filter(content_type=content_type, object_id=project.pk)
        .exclude(user_id=update.author_id)
        .select_related("user")
    )
    sent = 0
    for follow in follows.iterator(chunk_size=500):
        page = versions.get(follow.user.preferred_language, project)
        notify(
            follow.user,
            NotificationCategory.FOLLOWED_ACTIVITY,
            lambda page=page: (
                _("Action plan: news of the project “%(title)s”") % {"title": page.title}
            ),
            url=page.url + "#updates",
        )
        sent += 1
    return sent
