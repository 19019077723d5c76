"""Factories of the participation core: one per model of ``participation/models.py``, registered
as pytest fixtures in ``conftest.py`` (``user``, ``arrondissement``, ``identity_declaration``,
``comment``, ``follow``, ``notification``, ``notification_preference``, ``report``,
``audit_log_entry``…).

Residents come from ``ResidentFactory`` (a confirmed email address, so they may take part); the
staff factories give them their role as the staff admin does. The
arrondissements are the site skeleton's (``tests/site.py``): ``ArrondissementFactory`` returns
the canonical row of a slug, and creates a term only for a slug the commune does not have.

Comments, follows, reports and audit log entries point at a host (``host=``, a parameter, not a
field): by default a new published page with an open discussion, or the comment a report is
about. That page is the site's (``tests/cms/factories.py``, a layer above the core): its factory
is named by its path (``discussion_page()``), as a model names a model of a higher app with a
string, so that this module imports no other factory module. The factories write rows as stored;
the counters the services keep alongside (a comment's ``reply_count``, a host's
``comment_count``) are left as they are.
"""

import logging

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from participation.commune_defaults import SALE_ARRONDISSEMENTS
from participation.models import (
    Arrondissement,
    AuditLogEntry,
    Comment,
    EmailFrequency,
    Follow,
    IdentityBasis,
    IdentityDeclaration,
    Notification,
    NotificationCategory,
    NotificationPreference,
    Report,
    ReportReason,
    User,
)
from participation.national_id import cin_digest, encrypt_cin

__all__ = [
    "PASSWORD",
    "ArrondissementFactory",
    "AuditLogEntryFactory",
    "CommentFactory",
    "DeclarationStub",
    "EditorFactory",
    "FollowFactory",
    "IdentityDeclarationFactory",
    "ModeratorFactory",
    "NotificationFactory",
    "NotificationPreferenceFactory",
    "OfficialFactory",
    "ReportFactory",
    "ResidentFactory",
    "SignatoryFactory",
    "TranslatedTermFactory",
    "UnverifiedResidentFactory",
    "default_name",
    "discussion_page",
    "host_content_type",
    "unique_cin",
]

# factory_boy traces every value it is given at DEBUG level: the national ID numbers passed to
# these factories (``cin=``) would be written in the logs, which tests scan for them.
logging.getLogger("factory").setLevel(logging.INFO)

FULL_NAMES = [
    "سلمى بنعلي", "محمد العلوي", "فاطمة الزهراء السلاوي", "يوسف الإدريسي", "خديجة بناني",
    "حمزة التازي", "مريم الفاسي", "عبد الله المريني", "نادية الحجوي", "رشيد بوزيد",
]  # fmt: skip

COMMENTS = [
    "الحديقة تحتاج إلى إنارة وكراسي للمسنين.",
    "أوافق، والأطفال يلعبون هناك كل مساء.",
    "شكرا على هذه المبادرة، متى تبدأ الأشغال؟",
    "الطريق إلى السوق مليئة بالحفر بعد الأمطار.",
    "نقترح إشراك جمعيات الحي في تتبع المشروع.",
]


def host_content_type(host):
    """The content type the participation core files a host's rows under (its own model's, a
    page's specific class rather than ``wagtailcore.Page``)."""
    return ContentType.objects.get_for_model(host, for_concrete_model=False)


def discussion_page():
    """The default host, a declaration: a new published page under the Arabic home page, its
    discussion open (``StandardPageFactory``, named by its path: the site's pages are a layer above
    the core)."""
    return factory.SubFactory(
        "tests.cms.factories.StandardPageFactory",
        title=factory.Sequence(lambda n: f"نقاش الحي {n}"),
        slug=factory.Sequence(lambda n: f"neighbourhood-talk-{n}"),
        comments_enabled=True,
    )


# --- Terms ----------------------------------------------------------------------------------


class TranslatedTermFactory(DjangoModelFactory):
    """A term of one of the commune's lists, in the default language (the row other models
    point at). A slug the commune has gives its existing row; another slug makes a new term."""

    class Meta:
        abstract = True
        django_get_or_create = ("locale", "slug")

    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    sort_order = 0


def default_name(terms):
    """The Arabic name of a slug of the commune's defaults (``terms``: slug, ar, fr, en), or
    the slug itself for a new term not given a ``name``."""
    names = {slug: ar for slug, ar, *_others in terms}
    return factory.LazyAttribute(lambda o: names.get(o.slug, o.slug))


class ArrondissementFactory(TranslatedTermFactory):
    """One of Salé's five arrondissements (Bab Lamrissa unless ``slug`` says otherwise)."""

    class Meta:
        model = Arrondissement

    slug = "bab-lamrissa"
    name = default_name(SALE_ARRONDISSEMENTS)


# --- Accounts -------------------------------------------------------------------------------

PASSWORD = "a-Long-demo-password-2026"


class ResidentFactory(DjangoModelFactory):
    """A resident whose email address is confirmed (so they may take part)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@sale.example")
    display_name = factory.Sequence(lambda n: f"ساكن {n}")
    preferred_language = "ar"
    arrondissement = factory.LazyFunction(lambda: Arrondissement.objects.canonical().first())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class UnverifiedResidentFactory(ResidentFactory):
    """Signed up but never confirmed the email address."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=False)


class ModeratorFactory(ResidentFactory):
    """A member of the Moderators group: reviews reports, hides comments, pre-reviews."""

    display_name = "مشرف"
    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Moderators"))


class EditorFactory(ResidentFactory):
    """A member of the Editors group (publishes pages, posts plan updates, reads responses)."""

    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Editors"))


class OfficialFactory(ResidentFactory):
    """A member of the Officials group: answers officially, examines petitions and records the
    council's decisions, downloads the dossier, handles information requests."""

    display_name = "مكتب المجلس"
    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Officials"))


# --- Identity declarations -----------------------------------------------------------------

_cin_numbers = iter(range(700_000, 1_000_000))


def unique_cin():
    """A valid CIN (two letters, six digits) no other declaration of this test run holds."""
    return f"AB{next(_cin_numbers)}"


class DeclarationStub:
    """What the signatory rules read from an identity declaration, without a database row."""

    def __init__(
        self, address="حي السلام، سلا", activity="", on_electoral_roll=True, basis="residence"
    ):
        self.address, self.activity, self.on_electoral_roll = address, activity, on_electoral_roll
        self.basis = basis


class IdentityDeclarationFactory(DjangoModelFactory):
    """What a resident declares before signing petitions, meeting every condition: lives in the
    commune, on the electoral rolls, the current wording of the declaration. ``cin`` (a
    parameter) is the national ID number, stored encrypted with its digest; a new one by default.
    Trait ``by_activity``: lives elsewhere, works in the commune."""

    class Meta:
        model = IdentityDeclaration

    class Params:
        cin = factory.LazyFunction(unique_cin)
        by_activity = factory.Trait(
            basis=IdentityBasis.ACTIVITY,
            address="زنقة 5، حي الرياض، الرباط",
            activity="محل بقالة، سوق الصالحين، سلا",
        )

    user = factory.SubFactory(ResidentFactory)
    full_name = factory.Sequence(lambda n: FULL_NAMES[n % len(FULL_NAMES)])
    cin_encrypted = factory.LazyAttribute(lambda o: encrypt_cin(o.cin))
    cin_digest = factory.LazyAttribute(lambda o: cin_digest(o.cin))
    basis = IdentityBasis.RESIDENCE
    address = "زنقة 12، حي السلام، سلا"
    activity = ""
    arrondissement = factory.LazyFunction(lambda: Arrondissement.objects.canonical().first())
    on_electoral_roll = True
    declaration_version = factory.LazyFunction(lambda: settings.SHARIK_IDENTITY_DECLARATION_VERSION)


class SignatoryFactory(ResidentFactory):
    """A resident who declared their identity and may sign (``identity__*`` sets the
    declaration's fields, e.g. ``identity__cin="AB123456"``)."""

    @factory.post_generation
    def identity(self, create, extracted, **kwargs):
        if create:
            IdentityDeclarationFactory(user=self, **kwargs)


# --- Threads --------------------------------------------------------------------------------


class HostedFactory(DjangoModelFactory):
    """A row of the participation core about a host (``host=``)."""

    class Meta:
        abstract = True

    class Params:
        host = discussion_page()

    content_type = factory.LazyAttribute(lambda o: host_content_type(o.host))
    object_id = factory.LazyAttribute(lambda o: o.host.pk)


class CommentFactory(HostedFactory):
    """A resident's comment in a page's discussion; with ``parent=``, a reply in the parent's
    thread."""

    class Meta:
        model = Comment

    class Params:
        host = factory.Maybe(
            "parent",
            yes_declaration=factory.SelfAttribute("parent.host"),
            no_declaration=discussion_page(),
        )
        hidden = factory.Trait(
            hidden_at=factory.LazyFunction(timezone.now),
            hidden_by=factory.SubFactory(ModeratorFactory),
            hidden_reason="كلام مسيء لأحد السكان",
        )

    parent = None
    author = factory.SubFactory(ResidentFactory)
    body = factory.Iterator(COMMENTS)


class FollowFactory(HostedFactory):
    """A resident follows a page's discussion (by a click; ``automatic=True`` for one started by
    contributing)."""

    class Meta:
        model = Follow

    user = factory.SubFactory(ResidentFactory)
    automatic = False


class ReportFactory(HostedFactory):
    """An open report of a comment (``host=`` another reportable object) by a resident."""

    class Meta:
        model = Report

    class Params:
        host = factory.SubFactory(CommentFactory)

    reporter = factory.SubFactory(ResidentFactory)
    reason = ReportReason.ABUSE
    details = "يتضمن التعليق شتما لأحد الجيران."


class AuditLogEntryFactory(HostedFactory):
    """A moderator hid a comment, with the reason given."""

    class Meta:
        model = AuditLogEntry

    class Params:
        host = factory.SubFactory(CommentFactory)

    actor = factory.SubFactory(ModeratorFactory)
    action = "comment.hide"
    reason = "كلام مسيء لأحد السكان"
    data = factory.LazyFunction(dict)


# --- Notifications --------------------------------------------------------------------------


class NotificationFactory(DjangoModelFactory):
    """An unread notice of a reply, as the notification centre shows it."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(ResidentFactory)
    category = NotificationCategory.REPLY
    message = "ردّت فاطمة الزهراء على تعليقك في «نقاش الحي»."
    url = "/ar/neighbourhood-talk/#comments"


class NotificationPreferenceFactory(DjangoModelFactory):
    """A resident who wants the replies to their comments in a daily digest."""

    class Meta:
        model = NotificationPreference
        django_get_or_create = ("user", "category")

    user = factory.SubFactory(ResidentFactory)
    category = NotificationCategory.REPLY
    email_frequency = EmailFrequency.DAILY
