"""Our own words on the account pages (sign-up, log-in, password reset, email confirmation).

Their strings come from django-allauth's templates and Django's password validators, whose
Arabic catalogs mix terms ("رمز المرور" from Wagtail's, "كلمة المرور" from allauth's), speak to
one person ("أدخل", "لك") where the rest of the site addresses residents in the plural, and call
signing up "الاشتراك" where the site says "إنشاء حساب". The msgids below are the libraries' own,
listed so that ``makemessages`` keeps them in the project's catalogs, which Django reads before
any app's (``LOCALE_PATHS``); their Arabic and French are ours. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ACCOUNT_PAGES = (
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Sign In"),
    gettext_noop("Sign Up"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email "
        "allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the "
        "signup process. If you do not see the verification email in your main inbox, check your "
        "spam folder. Please contact us if you do not receive the verification email within a "
        "few minutes."
    ),
)

# The password fields and allauth's errors, as the error summary names them ("<label>: <error>",
# templates/includes/form_errors.html). allauth's Arabic addresses one person ("تجاوزت…
# حاول", "يجب عليك") and carries a stray direction mark.
ACCOUNT_ERRORS = (
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Please type your current password."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
)

# Django's password validators, shown under the password field and as errors.
PASSWORD_RULES = (
    gettext_noop("Your password can’t be too similar to your other personal information."),  # noqa: RUF001
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be a commonly used password."),  # noqa: RUF001
    gettext_noop("Your password can’t be entirely numeric."),  # noqa: RUF001
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    ngettext_lazy(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
)
