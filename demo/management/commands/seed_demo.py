"""``manage.py seed_demo``: a realistic Salé installation to try Sharik on.

Idempotent: run it as often as you like; it only creates what is missing. Passwords of the
accounts it creates are random and printed once, here; they are never stored in settings.
"""

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.amazigh import mirror_arabic_pages
from cms.models import HomePage, SiteLinks, StandardPage
from counters.models import CounterAgent
from demo import site_content as demo_content
from demo.announcements import seed_announcements
from demo.budgets import seed_budgets
from demo.consultations import seed_consultations
from demo.council import seed_council
from demo.discussions import start_discussion
from demo.events import seed_events
from demo.information import seed_information
from demo.invest import seed_invest
from demo.news import seed_news
from demo.petitions import seed_petitions
from demo.plan import seed_plan
from demo.procedures import seed_procedures
from demo.proposals import seed_proposals
from participation.commune_defaults import (
    PLAN_AXES,
    create_content_locales_and_arrondissements,
    create_terms,
)
from participation.forms import PRIVACY_NOTICE_VERSION
from participation.models import Arrondissement, User
from petitions.law import COUNCIL_COMPETENCES
from petitions.models import CouncilCompetence
from proposals.models import ProposalCategory
from sharik.i18n import AMAZIGH
from sharik.roles import ensure_staff_groups


def _stream(blocks):
    """Turn the (type, value) pairs of demo_content into StreamField raw data."""
    data = []
    for block_type, value in blocks:
        if block_type == "heading":
            value = {"text": value, "level": "h2"}
        elif block_type == "question_answer":
            value = {"question": value[0], "answer": value[1]}
        data.append({"type": block_type, "value": value})
    return data


class Command(BaseCommand):
    help = "Create Salé demonstration data: pages in ar/fr/en, staff accounts and residents."

    def handle(self, *args, **options):
        # The demo's steps tell its residents, as real ones do, in their notification centres;
        # no email leaves for the demonstration accounts.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            locales = create_content_locales_and_arrondissements(Locale, Arrondissement)
            create_terms(Locale, ProposalCategory, PLAN_AXES)
            create_terms(Locale, CouncilCompetence, COUNCIL_COMPETENCES)
            homes = self.seed_home_pages(locales)
            about = self.seed_standard_page(homes, locales, demo_content.ABOUT, in_menu=True)
            privacy = self.seed_standard_page(homes, locales, demo_content.PRIVACY)
            legal = self.seed_standard_page(homes, locales, demo_content.LEGAL_NOTICE)
            self.seed_home_links(homes, about, privacy)
            self.seed_amazigh_home(homes["ar"])
            site_links = SiteLinks.for_site(Site.objects.get(is_default_site=True))
            site_links.privacy_page = privacy["ar"]
            site_links.legal_notice_page = legal["ar"]
            site_links.contact_email = site_links.contact_email or "sharik@sale.example"
            site_links.save()
            created = self.seed_accounts()
            self.seed_discussion(about)
            seed_proposals(self.stdout)
            seed_petitions(self.stdout)
            seed_consultations(self.stdout)
            seed_plan(self.stdout)
            seed_information(self.stdout)
            seed_council(self.stdout)
            seed_events(self.stdout)
            seed_news(self.stdout)
            seed_procedures(self.stdout)
            seed_invest(self.stdout)
            seed_budgets(self.stdout)
            seed_announcements(self.stdout)
            mirrored = mirror_arabic_pages()
            self.stdout.write(f"Mirrored {mirrored} Arabic pages on the Amazigh site.")
        self.print_credentials(created)

    # --- Pages ---------------------------------------------------------------------------------
    def seed_home_pages(self, locales):
        root = Page.get_first_root_node()
        if root is None:  # an emptied database (a flushed test database, say)
            root = Page.add_root(title="Root", slug="root", locale=locales["ar"])
        home = HomePage.objects.filter(locale=locales["ar"]).first()
        if home is None:
            content = demo_content.HOME["ar"]
            home = HomePage(
                title=content["title"],
                slug="home-ar",
                locale=locales["ar"],
                introduction=content["introduction"],
                body=_stream(content["body"]),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.stdout.write("Created the Arabic home page.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True
            )
        if site.root_page_id != home.pk:
            placeholder = site.root_page
            site.root_page = home
            site.site_name = "Sharik"
            site.save()
            if placeholder.specific_class is Page:  # Wagtail's "Welcome to your new site"
                placeholder.delete()
        homes = {"ar": home}
        for code in ("fr", "en"):
            homes[code] = self.translation(home, locales[code], demo_content.HOME[code])
        return homes

    def seed_amazigh_home(self, arabic_home):
        """The home page in Amazigh (organic law 26-16): the Arabic one copied for translation,
        its title in Tifinagh, its text and links in Arabic until translators write them, as
        the site's strings fall back to Arabic (sharik/i18n.py)."""
        locale = Locale.objects.get_or_create(language_code=AMAZIGH)[0]
        arabic_home = HomePage.objects.get(pk=arabic_home.pk)  # with its featured links
        existing = arabic_home.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        page = arabic_home.copy_for_translation(locale).specific
        page.title = "ⵛⴰⵔⵉⴽ"
        page.slug = f"home-{AMAZIGH}"
        page.save()
        page.save_revision().publish()
        self.stdout.write(f"Created {page.title!r} ({AMAZIGH}).")
        return page

    def translation(self, source, locale, content, slug=None):
        """The translation of ``source`` into ``locale``, created and published if missing."""
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        page = source.copy_for_translation(locale).specific
        page.title = content["title"]
        page.slug = slug or content.get("slug") or f"{source.slug}-{locale.language_code}"
        page.introduction = content["introduction"]
        page.body = _stream(content["body"])
        page.save()
        page.save_revision().publish()
        self.stdout.write(f"Created {page.title!r} ({locale.language_code}).")
        return page

    def seed_standard_page(self, homes, locales, content, in_menu=False):
        source_content = content["ar"]
        page = (
            StandardPage.objects.child_of(homes["ar"]).filter(slug=source_content["slug"]).first()
        )
        if page is None:
            page = StandardPage(
                title=source_content["title"],
                slug=source_content["slug"],
                introduction=source_content["introduction"],
                body=_stream(source_content["body"]),
                show_in_menus=in_menu,
            )
            homes["ar"].add_child(instance=page)
            page.save_revision().publish()
            self.stdout.write(f"Created {page.title!r} (ar).")
        pages = {"ar": page}
        for code in ("fr", "en"):
            pages[code] = self.translation(page, locales[code], content[code])
        return pages

    def seed_home_links(self, homes, about, privacy):
        for code, home in homes.items():
            # Fetched afresh: the tree counters changed when pages were added below it.
            home = HomePage.objects.get(pk=home.pk)
            if home.featured_links:
                continue
            title = {
                "ar": "تعرّفوا على المنصة",
                "fr": "Découvrir la plateforme",
                "en": "About the platform",
            }
            description = {
                "ar": "ما هي شارك، لمن هي، وكيف تشاركون.",
                "fr": "Ce qu'est Sharik, pour qui, et comment participer.",
                "en": "What Sharik is, who it is for and how to take part.",
            }
            privacy_title = {
                "ar": "معطياتكم الشخصية",
                "fr": "Vos données personnelles",
                "en": "Your personal data",
            }
            privacy_description = {
                "ar": "ما نجمعه ولماذا، وحقوقكم طبقًا للقانون 09.08.",
                "fr": "Ce que nous collectons, pourquoi, et vos droits selon la loi 09-08.",
                "en": "What we collect, why, and your rights under law 09-08.",
            }
            home.featured_links = [
                (
                    "link",
                    {
                        "title": title[code],
                        "description": description[code],
                        "page": about[code],
                        "url": "",
                    },
                ),
                (
                    "link",
                    {
                        "title": privacy_title[code],
                        "description": privacy_description[code],
                        "page": privacy[code],
                        "url": "",
                    },
                ),
            ]
            home.save_revision().publish()

    # --- Accounts ------------------------------------------------------------------------------
    def seed_accounts(self):
        """Create missing staff and resident accounts; return (email, password, role) of each."""
        ensure_staff_groups()
        created = []
        for email, name, group_name in demo_content.STAFF_ACCOUNTS:
            user, password = self.account(email, name, "ar")
            if password is None:
                continue
            user.is_staff = True
            user.is_superuser = group_name is None
            user.save(update_fields=["is_staff", "is_superuser"])
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            created.append((email, password, group_name or "Superuser (operator)"))
        arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
        for email, slug in demo_content.DEMO_COUNTERS.items():
            CounterAgent.objects.get_or_create(
                user=User.objects.get(email=email),
                defaults={"arrondissement": arrondissements[slug]},
            )
        for email, name, slug, language, birth_year in demo_content.RESIDENTS:
            user, password = self.account(email, name, language)
            if password is None:
                continue
            user.arrondissement = arrondissements.get(slug)
            user.birth_year = birth_year
            user.save(update_fields=["arrondissement", "birth_year"])
            created.append((email, password, "Resident"))
        return created

    def seed_discussion(self, about_pages):
        """Open the discussion under "About" and start it, in Arabic and in French."""
        for code, page in about_pages.items():
            page = StandardPage.objects.get(pk=page.pk)
            if not page.comments_enabled:
                page.comments_enabled = True
                page.save_revision().publish()
            if code in demo_content.DISCUSSION:
                start_discussion(page, demo_content.DISCUSSION[code])

    def account(self, email, display_name, language):
        if User.objects.filter(email=email).exists():
            return User.objects.get(email=email), None
        password = secrets.token_urlsafe(12)
        # Accounts opened as the sign-up form opens them: the privacy notice accepted, its
        # version recorded (the resident's consents page shows both).
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name,
            preferred_language=language,
            privacy_notice_accepted_at=timezone.now(),
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        return user, password

    def print_credentials(self, created):
        if not created:
            self.stdout.write("Demo data is in place; no new account was created.")
            return
        self.stdout.write(self.style.SUCCESS("\nDemo accounts (shown once; write them down):"))
        for email, password, role in created:
            self.stdout.write(f"  {role:<21} {email:<28} {password}")
        self.stdout.write("")
