"""Who may vote for a procedure to be digitalised first: a resident with a confirmed email
address, for a procedure not yet fully online."""

import rules

from participation.rules import is_verified_resident
from procedures.models import DigitalisationStatus


@rules.predicate
def is_not_fully_online(user, procedure):
    return (
        procedure is not None
        and procedure.original.digitalisation_status != DigitalisationStatus.FULLY_ONLINE
    )


rules.add_perm("procedures.vote_for_digitalisation", is_verified_resident & is_not_fully_online)
