"""What residents do on a procedure's page: say whether it helped, and vote for it to be
digitalised first (or withdraw that vote). One transaction each; the unique constraints decide
between two requests at the same instant (a double click, a second tab), so neither ever counts
twice (tested on PostgreSQL with threads)."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from participation.services import ParticipationError
from procedures.models import DigitalisationStatus, DigitalisationVote, ProcedureFeedback

COMMENT_MAX_LENGTH = ProcedureFeedback._meta.get_field("comment").max_length


def give_feedback(procedure, helpful, comment="", user=None, submission=None, earlier=None):
    """Record whether ``procedure``'s page helped; returns ``(feedback, created)``.

    A resident (``user``) has one answer per procedure: answering again replaces it. An
    anonymous visitor's earlier answer (``earlier``, the id their session remembers) is replaced
    the same way; ``submission``, the form's one-time key, makes a second sending of one form
    replace what the first one recorded."""
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ParticipationError(
            _("Your comment is too long: at most %(count)d characters.")
            % {"count": COMMENT_MAX_LENGTH}
        )
    procedure = procedure.original
    values = {"helpful": helpful, "comment": comment}
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _give_feedback(procedure, values, user, submission, earlier)
        except IntegrityError:  # the same answer sent twice at the same instant: replace it
            continue
    raise ParticipationError(_("Your answer could not be saved; please try again."))


def _give_feedback(procedure, values, user, submission, earlier):
    feedback = ProcedureFeedback.objects.select_for_update()
    if user is not None and user.is_authenticated:
        existing = feedback.filter(procedure=procedure, user=user).first()
    else:
        user = None
        existing = None
        if earlier is not None:
            existing = feedback.filter(pk=earlier, procedure=procedure, user=None).first()
        if existing is None and submission is not None:
            existing = feedback.filter(submission=submission, procedure=procedure).first()
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*values, "updated_at"])
        return existing, False
    created = ProcedureFeedback.objects.create(
        procedure=procedure, user=user, submission=submission, **values
    )
    return created, True


def feedback_figures(procedure):
    """``(helpful, answers)``: how many found the page helpful, of how many who answered."""
    figures = ProcedureFeedback.objects.filter(procedure=procedure.original).aggregate(
        answers=Count("pk"), helpful=Count("pk", filter=Q(helpful=True))
    )
    return figures["helpful"], figures["answers"]


def vote(user, procedure):
    """``user`` asks for ``procedure`` to be digitalised first; returns ``(vote, created)``.
    Voting again (a double click, a second tab) returns the vote already there."""
    procedure = procedure.original
    if procedure.digitalisation_status == DigitalisationStatus.FULLY_ONLINE:
        raise ParticipationError(_("This procedure is already fully online."))
    try:
        with transaction.atomic():
            return DigitalisationVote.objects.create(procedure=procedure, user=user), True
    except IntegrityError:  # their vote is there already
        return DigitalisationVote.objects.get(procedure=procedure, user=user), False


@transaction.atomic
def withdraw_vote(user, procedure):
    """Withdraw ``user``'s vote for ``procedure``; True if there was one."""
    deleted, _rows = DigitalisationVote.objects.filter(
        procedure=procedure.original, user=user
    ).delete()
    return bool(deleted)
