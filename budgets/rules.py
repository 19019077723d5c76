"""Who may do what with participatory budgets.

Who may vote is written once, here, as ``voting_refusal()``: the plain function the services
call (they need the sentence that says why not, and it takes a budget *and* an envelope), and
``may_vote()``, its yes or no. The ``rules`` permissions below wrap it, so views, templates and
the API ask ``user.has_perm("budgets.vote", envelope)`` and get the same answer.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import BudgetPhase, VoterRule
from participation.models import IdentityDeclaration
from participation.rules import holds, is_moderator, is_verified_resident


def age_in_year(birth_year, moment):
    """The age someone born in ``birth_year`` reaches in ``moment``'s year: only the year of
    birth is asked (participation/equality.py, law 09-08), so a resident who turns the minimum
    age during the year of the vote may vote."""
    return timezone.localtime(moment).year - birth_year


def voter_identity(user, budget):
    """``(arrondissement, declaration)`` of ``user`` under the budget's voter rule: the profile's
    arrondissement under the email rule; under the identity rule the declaration and the
    arrondissement it declares (None when there is no declaration)."""
    if budget.original.voter_rule == VoterRule.IDENTITY:
        declaration = (
            IdentityDeclaration.objects.select_related("arrondissement")
            .filter(user=user.pk)
            .first()
        )
        return (declaration.arrondissement if declaration else None), declaration
    return user.arrondissement, None


def voting_refusal(user, budget, envelope, now=None):
    """Why ``user`` may not vote in ``envelope`` of ``budget`` now (a translated sentence), or
    None when they may."""
    budget = budget.original
    now = now or timezone.now()
    if envelope.budget_id != budget.pk:
        return _("This envelope belongs to another budget.")
    if budget.phase_at(now) != BudgetPhase.VOTE:
        return _("The vote is not open.")
    if not user.is_authenticated or not user.is_active:
        return _("Log in to vote.")
    if not is_verified_resident(user):
        return _("Confirm your email address to vote.")
    arrondissement, declaration = voter_identity(user, budget)
    if budget.voter_rule == VoterRule.IDENTITY and declaration is None:
        return _("Declare your identity first: this budget counts one ballot per ID card.")
    if arrondissement is None:
        return _("Say in your profile which arrondissement you live in to vote.")
    if user.birth_year is None:
        return _("Give your year of birth in your profile: the vote is open from %(age)s.") % {
            "age": budget.minimum_age
        }
    if age_in_year(user.birth_year, now) < budget.minimum_age:
        return _("The vote is open to residents of %(age)s and over.") % {"age": budget.minimum_age}
    if envelope.arrondissement_id is not None and (
        envelope.arrondissement.translation_key != arrondissement.translation_key
    ):
        return _("You vote in your own arrondissement's envelope and the commune's.")
    return None


def may_vote(user, budget, envelope, now=None):
    return voting_refusal(user, budget, envelope, now) is None


@rules.predicate
def may_vote_in_envelope(user, envelope):
    return envelope is not None and may_vote(user, envelope.budget, envelope)


@rules.predicate
def is_ideas_phase(user, budget):
    return budget.phase == BudgetPhase.IDEAS


@rules.predicate
def tally_is_public(user, budget):
    """The result is published once the vote is over; the number of voters always is."""
    return budget.phase in {BudgetPhase.RESULTS, BudgetPhase.FOLLOW_UP}


reviews_projects = holds("budgets.review_budgetproject", "reviews_projects")
records_at_counter = holds("budgets.record_ballot_at_counter", "records_at_counter")


rules.add_perm("budgets.vote", may_vote_in_envelope)
rules.add_perm("budgets.submit_idea", is_verified_resident & is_ideas_phase)
rules.add_perm("budgets.see_tally", tally_is_public | reviews_projects | is_moderator)
rules.add_perm("budgets.review_project", reviews_projects)
rules.add_perm("budgets.cast_at_counter", records_at_counter)
