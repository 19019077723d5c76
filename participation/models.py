"""The shared participation core: residents' accounts and the commune's arrondissements."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin


class ArrondissementQuerySet(models.QuerySet):
    def canonical(self):
        """One row per arrondissement: the default-locale rows, which other models reference."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def names_in(self, language_code=None):
        """Map each arrondissement's translation key to its name in a language, in one query.

        Falls back to the default-locale name where a translation is missing.
        """
        language_code = language_code or get_language() or settings.LANGUAGE_CODE
        names = {}
        rows = self.filter(
            locale__language_code__in={language_code, settings.LANGUAGE_CODE}
        ).values_list("translation_key", "locale__language_code", "name")
        for key, code, name in rows:
            if code == language_code or key not in names:
                names[key] = name
        return names


class Arrondissement(TranslatableMixin, models.Model):
    """An arrondissement (مقاطعة) of the commune: Salé has five.

    Names are translated through Wagtail locales (one row per language, sharing a translation key);
    other models point at the default-locale row, see ``ArrondissementQuerySet.canonical``.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        allow_unicode=False,
        help_text=_("Used in addresses and filters; the same in every language."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ArrondissementQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("arrondissement")
        verbose_name_plural = _("arrondissements")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="arrondissement_unique_slug_per_locale"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def localized_name(self):
        """The name in the active language (one query when not in the default language)."""
        language_code = get_language() or settings.LANGUAGE_CODE
        if self.locale.language_code == language_code:
            return self.name
        return Arrondissement.objects.names_in(language_code).get(self.translation_key, self.name)


class UserManager(DjangoUserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: resident, association representative or council staff.

    The public only ever sees ``display_name``; the email address is the login and stays private.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. It can be a first name or a nickname."),
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where you live or work in the commune, to show you what concerns you."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the site after you log in and of the emails we send you."),
    )

    privacy_notice_accepted_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True, editable=False
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or super().get_full_name()

    def get_short_name(self):
        return self.display_name or self.email
