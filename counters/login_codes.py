"""A one-time log-in code printed at a counter for the resident of the visit: the way in for an
account opened without an email address or a password, or for a resident who forgot theirs
(the codes themselves: participation/login_codes.py).

Who may: the agent serving the visit at its counter (counters/rules.py ``may_issue_login_code``),
during the visit's day, when the resident stands at the counter. The issue is audited
(``counter.login_code_issued``) with the visit, never with the code, which exists in plain only
on the printed sheet (counters/login_code_sheet.py) and is not on the visit's receipt.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from counters.rules import may_issue_login_code
from participation import login_codes
from participation.services import ParticipationError, audit


@transaction.atomic
def issue_for_visit(agent, visit):
    """A new code for the visit's resident (their earlier unused codes stop working). Returns
    ``IssuedCode(code, expires_at)``; refuses staff accounts and agents not serving the visit."""
    if not may_issue_login_code.test(agent, visit):
        raise ParticipationError(_("Only the agent serving this visit today prints its codes."))
    issued = login_codes.issue(visit.resident, created_by=agent)
    audit(
        agent,
        "counter.login_code_issued",
        visit.resident,
        reason=str(visit.get_reason_display()),
        visit=visit.pk,
        resident=visit.resident_id,
        counter=visit.arrondissement_id,
        expires_at=issued.expires_at.isoformat(),
    )
    return issued
