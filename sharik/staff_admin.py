"""The staff admin (Wagtail) as Sharik: the language it speaks to a member of staff and the name
of its page tree's root. Its look (name, logo, colours) is in templates/wagtailadmin/ and
static/sharik/css/admin.css; its menu's names in sharik/wagtail_hooks.py."""

from django.conf import settings
from django.utils.translation import gettext


def admin_language(user):
    """The language the admin speaks to ``user``: Wagtail's own preference when they chose one
    in the admin's account settings, else their Sharik profile's language, else Arabic. The
    admin exists only in the languages its catalogs cover (WAGTAILADMIN_PERMITTED_LANGUAGES):
    a resident who reads Sharik in Amazigh works in Arabic there."""
    permitted = {code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES}
    profile = getattr(user, "wagtail_userprofile", None)  # Wagtail reads it too: cached on user
    for language in (
        getattr(profile, "preferred_language", ""),
        getattr(user, "preferred_language", ""),
    ):
        if language in permitted:
            return language
    return settings.LANGUAGE_CODE


def name_the_page_tree_root():
    """The root of the page tree is a row Wagtail creates with the title "Root", which the page
    explorer, its breadcrumbs and the page choosers show as is. It holds no content of its own
    (each language's home page is below it), so it is shown under a name in the reader's
    language instead of its stored title."""
    from wagtail.models import Page

    stored_title = Page.get_admin_display_title
    if getattr(stored_title, "names_the_root", False):
        return

    def get_admin_display_title(page):
        if page.depth == 1:
            return gettext("All the site's pages")
        return stored_title(page)

    get_admin_display_title.names_the_root = True
    Page.get_admin_display_title = get_admin_display_title
