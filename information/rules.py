"""Who may do what with information requests (rules predicates; checked in views, templates and
the admin). A request is private: its requester and the staff who handle it read it; the public
reads only what the register publishes."""

import rules
from django.utils import timezone

from information.models import (
    CONTESTABLE_STATUSES,
    OPEN_STATUSES,
    RequestStatus,
)
from participation.rules import holds, host_in_statuses, is_verified_resident


@rules.predicate
def is_requester(user, request):
    return user.is_authenticated and request.requester_id == user.pk


# The commune's access-to-information officers (law 31-13, art. 12: the persons in charge), who
# receive, assign and answer every request and answer complaints.
handles_every_request = holds("information.handle_request", "handles_every_request")


@rules.predicate
def is_in_its_department(user, request):
    """A member of the department the request is assigned to."""
    return (
        user.is_authenticated
        and user.is_staff
        and request.department_id is not None
        and request.department.members.filter(pk=user.pk).exists()
    )


is_open = host_in_statuses(*OPEN_STATUSES, name="is_open")
is_being_prepared = host_in_statuses(
    RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, name="is_being_prepared"
)
waits_for_clarification = host_in_statuses(
    RequestStatus.CLARIFICATION, name="waits_for_clarification"
)
is_answered_in_full = host_in_statuses(RequestStatus.ANSWERED, RequestStatus.PARTLY_ANSWERED)


@rules.predicate
def may_still_complain(user, request):
    """A refusal, a partial answer or a missed deadline, no complaint filed yet, and the time
    to complain not over (law 31-13, art. 19)."""
    if hasattr(request, "complaint"):
        return False
    deadline = request.complaint_deadline()
    return deadline is not None and timezone.localdate() <= deadline


@rules.predicate
def has_an_open_complaint(user, request):
    complaint = getattr(request, "complaint", None)
    return complaint is not None and not complaint.is_answered


@rules.predicate
def contested(user, request):
    return request.status in CONTESTABLE_STATUSES


handles = handles_every_request | is_in_its_department

rules.add_perm("information.file_request", is_verified_resident)
rules.add_perm("information.read_request", is_requester | handles)
rules.add_perm("information.withdraw_request", is_requester & is_open)
rules.add_perm("information.clarify_request", is_requester & waits_for_clarification)
rules.add_perm("information.agree_to_publish", is_requester & is_answered_in_full)
rules.add_perm("information.complain", is_requester & may_still_complain)
# The officers and the department's members prepare and answer; only the officers assign
# a request, take it out of the register, and answer complaints on the head's behalf.
rules.add_perm("information.view_in_queue", handles)
rules.add_perm("information.assign_request", handles_every_request & is_open)
rules.add_perm("information.ask_clarification", handles & is_being_prepared)
rules.add_perm("information.extend_request", handles & is_being_prepared)
rules.add_perm("information.answer_request", handles & is_being_prepared)
rules.add_perm("information.answer_after_complaint", handles_every_request & contested)
rules.add_perm("information.answer_complaint", handles_every_request & has_an_open_complaint)
rules.add_perm("information.unpublish_request", handles_every_request)
# The requester's national ID number (masked) is for the officers alone: a department prepares
# the answer from the request's content (law 09-08, the minimum; README, "Roles").
rules.add_perm("information.read_requester_national_id", handles_every_request)
