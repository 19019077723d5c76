import factory
from allauth.account.models import EmailAddress

from participation.models import Arrondissement, User

PASSWORD = "a-Long-demo-password-2026"


class ResidentFactory(factory.django.DjangoModelFactory):
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


def make_moderator():
    from django.contrib.auth.models import Group

    moderator = ResidentFactory(display_name="مشرف", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


def make_discussion_page(title="نقاش تجريبي", slug="discussion", comments_enabled=True):
    from cms.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="ar")
    page = StandardPage(title=title, slug=slug, comments_enabled=comments_enabled)
    home.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)
