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
