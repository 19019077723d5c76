"""Who may do what at the counters (rules predicates, checked in the views and the templates).

An agent is a member of the "Counter agents" group (the ``counters.serve_at_counter`` permission)
with an active ``CounterAgent`` row naming their counter; they act on a resident's file only at
that counter."""

import rules
from django.utils import timezone

from counters.models import CounterAgent


def counter_of(user):
    """The arrondissement of the counter ``user`` serves at, or None (remembered on the user for
    this request)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_sharik_counter"):
        agent = (
            CounterAgent.objects.filter(user=user, is_active=True)
            .select_related("arrondissement")
            .first()
        )
        user._sharik_counter = agent.arrondissement if agent else None
    return user._sharik_counter


@rules.predicate
def is_counter_agent(user):
    """In the group and posted at a counter: both, so that leaving the group or the counter
    ends the role at once."""
    return counter_of(user) is not None and user.has_perm("counters.serve_at_counter")


@rules.predicate
def works_at_the_visit_counter(user, visit):
    counter = counter_of(user)
    return counter is not None and visit.arrondissement_id == counter.pk


@rules.predicate
def identity_seen_during_visit(user, visit):
    return visit.identity_checks.exists()


serves_this_visit = is_counter_agent & works_at_the_visit_counter

rules.add_perm("counters.use_counter", is_counter_agent)
rules.add_perm("counters.open_file", is_counter_agent)
rules.add_perm("counters.view_file", serves_this_visit)
rules.add_perm("counters.record_identity_check", serves_this_visit)
rules.add_perm("counters.record_declaration", serves_this_visit & identity_seen_during_visit)
rules.add_perm("counters.sign_for_resident", serves_this_visit & identity_seen_during_visit)
rules.add_perm("counters.download_receipt", serves_this_visit)
# The acts the features register (participation/counter_acts.py): online they ask a confirmed
# email address; at a counter, the identity card the agent saw during this visit stands for it.
rules.add_perm("counters.act_for_resident", serves_this_visit & identity_seen_during_visit)


@rules.predicate
def visit_opened_today(user, visit):
    """The resident is at the counter: their file was opened today."""
    return timezone.localtime(visit.opened_at).date() == timezone.localdate()


# A one-time log-in code (counters/login_codes.py) is printed for the resident standing there.
may_issue_login_code = serves_this_visit & visit_opened_today
rules.add_perm("counters.issue_login_code", may_issue_login_code)
