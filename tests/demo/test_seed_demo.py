"""``manage.py seed_demo`` builds the Salé demo, and a second run creates nothing.

The one place of the suite (besides the browser journeys) where the demo is built: every other
test starts from the site skeleton (``tests/site.py``) and makes its own rows with the factories.
It runs in the normal suite, inside the test's transaction (rolled back at the end, so the tests
after it find the skeleton again); it takes some seconds.
"""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Q
from wagtail.models import Page, Revision, Site

from announcements.models import Announcement, AnnouncementStatus, DeliveryState
from budgets.models import Ballot, BudgetPage, BudgetPhase, BudgetProject, Feasibility
from budgets.tally import tally
from cms.models import HomePage, SiteLinks, StandardPage
from consultations.models import Answer, ConsultationIndexPage, ConsultationPage, Response
from counters.models import CounterAgent
from demo.petitions import DEMO_PETITIONS, SIGNATORIES
from demo.plan import PROJECTS
from demo.proposals import DEMO_PROPOSALS
from demo.site_content import RESIDENTS, STAFF_ACCOUNTS
from events.models import EventPage, Registration
from invest.models import InvestAssetPage, InvestIndexPage, InvestmentTopic
from news.models import NewsPage
from participation.commune_defaults import PLAN_AXES, SALE_ARRONDISSEMENTS
from participation.models import (
    Arrondissement,
    AuditLogEntry,
    Comment,
    Consent,
    Follow,
    IdentityDeclaration,
    Notification,
    Report,
    User,
)
from petitions.models import (
    CouncilCompetence,
    Organisation,
    OrganisationStatus,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    Signature,
)
from plan.models import ActionPlanPage, AxisPage, ProjectEvaluation, ProjectPage, ProjectUpdate
from procedures.models import DigitalisationVote, ProcedurePage
from proposals.models import Proposal, ProposalCategory, ProposalEvent, ProposalStatus, Support

# The rows a second run must leave as they are.
MAIN_MODELS = [
    User,
    EmailAddress,
    IdentityDeclaration,
    Arrondissement,
    Comment,
    Consent,
    Follow,
    Notification,
    Report,
    AuditLogEntry,
    Page,
    Revision,
    SiteLinks,
    ProposalCategory,
    Proposal,
    Support,
    ProposalEvent,
    CouncilCompetence,
    Organisation,
    Petition,
    Signature,
    PetitionEvent,
    ConsultationPage,
    Response,
    Answer,
    ActionPlanPage,
    AxisPage,
    ProjectPage,
    ProjectUpdate,
    ProjectEvaluation,
]


def seed_demo():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in MAIN_MODELS}


def in_languages(pages):
    """The languages ``pages`` are written in: Amazigh aliases of Arabic pages (cms/amazigh.py)
    are the Arabic text, checked apart."""
    return sorted(
        page.locale.language_code
        for page in pages
        if not (page.locale.language_code == "zgh" and page.alias_of_id)
    )


@pytest.mark.django_db
def test_seed_demo_builds_the_sale_demo_once():
    first_run = seed_demo()

    # Home pages in the four languages (Amazigh's copied from the Arabic one), the default site
    # on the Arabic one; the pages of text, each translated, with the discussion under "About".
    homes = HomePage.objects.live().select_related("locale")
    assert in_languages(homes) == ["ar", "en", "fr", "zgh"]
    assert Site.objects.get(is_default_site=True).root_page.specific == homes.get(
        locale__language_code="ar"
    )
    for slug in ("about", "privacy", "legal-notice"):
        page = StandardPage.objects.live().get(locale__language_code="ar", slug=slug)
        assert in_languages(page.get_translations(inclusive=True)) == ["ar", "en", "fr"]
        # In Amazigh, the Arabic text until translators write theirs (cms/amazigh.py).
        assert page.get_translation(homes.get(locale__language_code="zgh").locale).alias_of_id == (
            page.pk
        )
    # Every Arabic page is on the Amazigh site.
    arabic = Page.objects.filter(locale__language_code="ar", depth__gt=2)
    assert arabic.exists()
    assert not arabic.exclude(
        translation_key__in=Page.objects.filter(locale__language_code="zgh").values(
            "translation_key"
        )
    ).exists()
    about = StandardPage.objects.get(locale__language_code="ar", slug="about")
    assert about.comments_enabled and Comment.objects.for_host(about).exists()
    site_links = SiteLinks.for_site(Site.objects.get(is_default_site=True))
    assert site_links.privacy_page_id and site_links.legal_notice_page_id

    # The five arrondissements, named in each language, and the terms of the lists.
    for slug, *names in SALE_ARRONDISSEMENTS:
        assert sorted(Arrondissement.objects.filter(slug=slug).values_list("name", flat=True)) == (
            sorted(names)
        )
    assert ProposalCategory.objects.canonical().count() == len(PLAN_AXES)
    assert CouncilCompetence.objects.canonical().exists()

    # Staff accounts in their groups (the administrator a superuser) and residents who may take
    # part (confirmed addresses), each with a password printed once.
    for email, _name, group_name in STAFF_ACCOUNTS:
        staff = User.objects.get(email=email)
        assert staff.is_staff and staff.has_usable_password()
        if group_name is None:
            assert staff.is_superuser
        else:  # one role each, least privilege (sharik/roles.py)
            assert not staff.is_superuser
            assert list(staff.groups.values_list("name", flat=True)) == [group_name]
        assert email in first_run
    agent = CounterAgent.objects.get(user__email="counter.tabriquet@sale.example")
    assert agent.arrondissement.slug == "tabriquet"  # the demo's counter
    for email, _name, slug, language, birth_year in RESIDENTS:
        resident = User.objects.get(email=email)
        assert (resident.arrondissement.slug, resident.preferred_language) == (slug, language)
        assert resident.birth_year == birth_year  # old enough to vote in the budget
        assert EmailAddress.objects.filter(user=resident, verified=True).exists()
        assert email in first_run
    assert "Demo accounts" in first_run

    # Demo proposals in the arrondissements, some supported, some answered by the commune.
    assert Proposal.objects.count() == len(DEMO_PROPOSALS)
    assert Proposal.objects.public().count() == len(DEMO_PROPOSALS) - 1  # one awaits moderation
    assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 1
    assert set(Proposal.objects.values_list("arrondissement__slug", flat=True)) == {
        slug for slug, *_names in SALE_ARRONDISSEMENTS
    }
    assert Support.objects.exists() and ProposalEvent.objects.filter(text__gt="").exists()
    for proposal in Proposal.objects.all():
        assert proposal.support_count == proposal.supports.count()

    # Petitions at each stage, signed by the demonstration signatories (each with a declaration),
    # and an association's petition by a verified association.
    residents_petitions = Petition.objects.filter(kind=PetitionKind.RESIDENTS)
    assert residents_petitions.count() == len(DEMO_PETITIONS)
    assert set(Petition.objects.values_list("status", flat=True)) == {
        PetitionStatus.COLLECTING,
        PetitionStatus.FILED,
        PetitionStatus.DECIDED,
        PetitionStatus.INADMISSIBLE,
    }
    for petition in residents_petitions:
        assert petition.signature_count == petition.signatures.count() > 0
    assert Petition.objects.filter(status=PetitionStatus.DECIDED).get().decision
    signatories = User.objects.filter(email__endswith="@demo.sale.example")
    assert signatories.count() == SIGNATORIES
    assert IdentityDeclaration.objects.filter(user__in=signatories).count() == SIGNATORIES
    association = Petition.objects.get(kind=PetitionKind.ASSOCIATION)
    assert association.organisation.status == OrganisationStatus.VERIFIED
    assert association.organisation.representatives.filter(pk=association.mandataire_id).exists()

    # Consultations in the three languages, with responses.
    assert in_languages(ConsultationIndexPage.objects.live()) == ["ar", "en", "fr"]
    consultations = ConsultationPage.objects.live().filter(locale__language_code="ar")
    assert consultations.count() == 3
    for consultation in consultations:
        assert in_languages(consultation.get_translations(inclusive=True)) == ["ar", "en", "fr"]
    assert Response.objects.exists() and Answer.objects.exists()

    # The action plan: in three languages, an axis per plan axis, its 25 projects with their
    # progress updates and residents' evaluations.
    plan = ActionPlanPage.objects.live().get(locale__language_code="ar")
    assert in_languages(plan.get_translations(inclusive=True)) == ["ar", "en", "fr"]
    assert AxisPage.objects.child_of(plan).live().count() == len(PLAN_AXES)
    projects = ProjectPage.objects.live().descendant_of(plan)
    # The plan's 25 projects, and the winners of the 2026 participatory budget added to it.
    from_budget = BudgetProject.objects.exclude(plan_project=None).count()
    assert len(PROJECTS) == 25 and from_budget > 0
    assert projects.count() == len(PROJECTS) + from_budget
    # In French too, the same projects: the winners in Arabic until editors translate them.
    french = ProjectPage.objects.live().filter(locale__language_code="fr")
    assert french.count() == len(PROJECTS) + from_budget
    assert french.exclude(alias_of=None).count() == from_budget
    # French and English addresses of the plan have the Arabic shape: each translation keeps
    # the Arabic page's slug (/fr/action-plan/<axis>/project-01/).
    for page in [plan, *AxisPage.objects.child_of(plan), *projects]:
        for translation in page.get_translations().select_related("locale"):
            language = translation.locale.language_code
            assert translation.slug == page.slug, translation.url
            assert translation.url == page.url.replace("/ar/", f"/{language}/", 1)
    french_project = ProjectPage.objects.get(locale__language_code="fr", slug="project-01")
    assert french_project.url.startswith("/fr/action-plan/")
    # No translated page of the demo carries a language suffix in its address (the home pages,
    # siblings under Wagtail's root, need slugs of their own but never show them).
    suffixed = Page.objects.exclude(depth__lte=2).filter(
        Q(slug__endswith="-fr") | Q(slug__endswith="-en") | Q(slug__endswith="-ar")
    )
    assert not suffixed.exists(), list(suffixed.values_list("url_path", flat=True))
    assert ProjectUpdate.objects.exists() and ProjectEvaluation.objects.exists()

    # The forum's meetings on its four axes, one past with who came; news; procedures; invest.
    events = EventPage.objects.live().filter(locale__language_code="ar")
    assert events.count() == 5 and events.filter(axis__isnull=False).count() == 5
    assert {event.axis.slug for event in events} >= {
        "digital-administration", "digital-platforms", "digital-communication",
        "open-administration",
    }  # fmt: skip
    assert EventPage.objects.live().filter(locale__language_code="fr").count() == 5
    past = events.get(slug="forum-preparatory-meeting")
    assert past.minutes_id and past.what_was_said
    assert Registration.objects.filter(event=past, attended_at__isnull=False).count() > 10
    news = NewsPage.objects.live().filter(locale__language_code="ar")
    assert news.count() == 6 and all(article.image_alt for article in news if article.image_id)
    assert NewsPage.objects.live().filter(locale__language_code="fr").count() == 6
    procedures = ProcedurePage.objects.live().filter(locale__language_code="ar")
    assert procedures.count() == 20 and not procedures.filter(is_demo_data=False).exists()
    assert len(set(procedures.values_list("digitalisation_status", flat=True))) == 4
    assert DigitalisationVote.objects.exists()
    invest = InvestIndexPage.objects.live()
    assert in_languages(invest.select_related("locale")) == ["ar", "en", "fr"]
    assert InvestAssetPage.objects.live().filter(locale__language_code="en").count() >= 5
    assert InvestmentTopic.objects.canonical().count() == 3
    # Participatory budgets: 2027 in its vote, 2026 closed with results (issue 16, point 6).
    by_phase = {b.phase: b for b in BudgetPage.objects.live().filter(locale__language_code="ar")}
    # Reached from the main menu, in every language the budgets are in.
    budgets_index = BudgetPage.objects.live().first().get_parent()
    assert all(index.show_in_menus for index in budgets_index.get_translations(inclusive=True))
    current, closed = by_phase[BudgetPhase.VOTE], by_phase[BudgetPhase.FOLLOW_UP]
    assert current.envelopes.count() == 5
    ideas = BudgetProject.objects.filter(budget=current)
    assert ideas.count() == 30 and len(set(ideas.values_list("title", flat=True))) == 30
    assert set(ideas.values_list("feasibility", flat=True)) == set(Feasibility.values)
    assert ideas.filter(merged_into__isnull=False).exists()
    assert not ideas.filter(support_count=0).exists()
    assert 100 <= Ballot.objects.filter(envelope__budget=current).count() < 1000
    winners = [pk for result in tally(closed).values() for pk in result.winners]
    assert winners and all(
        BudgetProject.objects.filter(pk__in=winners).values_list("plan_project", flat=True)
    )  # the closed edition's winners are followed up in the action plan
    residents = User.objects.filter(email__in=[row[0] for row in RESIDENTS])
    assert all(resident.birth_year for resident in residents)  # they may vote
    # The announcements: one sent to every resident who agreed (one delivery each, by the
    # sending loop), one draft for Tabriquet; each project of the plan has its department.
    sent, draft = Announcement.objects.order_by("pk")
    consenting = Consent.objects.filter(purpose="announcements", withdrawn_at=None).count()
    assert sent.status == AnnouncementStatus.SENT and consenting >= 50
    assert sent.deliveries.filter(state=DeliveryState.SENT).count() == consenting
    assert draft.status == AnnouncementStatus.DRAFT and draft.arrondissement.slug == "tabriquet"
    assert not ProjectPage.objects.filter(responsible_department=None).exists()
    urbanisme = User.objects.get(email="urbanisme@sale.example")
    assert ProjectPage.objects.filter(responsible_department__members=urbanisme).exists()

    # A second run finds everything in place: it creates nothing and says so.
    before = row_counts()
    second_run = seed_demo()
    assert row_counts() == before
    assert "no new account was created" in second_run
    assert "Demo accounts" not in second_run
