"""Who may do what with an information request, in each status (information/rules.py): the
requester, the officers, the members of the department it is assigned to, another department's,
another resident and a moderator; each permission in each status against the expected table."""

import pytest

from information import services
from information.models import InformationRequest, RequestStatus
from tests.factories import make_moderator
from tests.information.factories import (
    DepartmentFactory,
    DepartmentMemberFactory,
    InformationOfficerFactory,
    file,
)
from tests.participation.factories import SignatoryFactory

pytestmark = pytest.mark.django_db

S = RequestStatus
OPEN = {S.RECEIVED, S.IN_PROGRESS, S.CLARIFICATION}
PREPARING = {S.RECEIVED, S.IN_PROGRESS}
ANSWERED = {S.ANSWERED, S.PARTLY_ANSWERED}
CONTESTED = {S.REFUSED, S.PARTLY_ANSWERED}
ALL = set(S)

# permission: {role: statuses in which the role holds it}
TABLE = {
    "information.read_request": {
        "requester": ALL, "officer": ALL, "department": ALL,
        "other department": set(), "resident": set(), "moderator": set(),
    },
    "information.withdraw_request": {"requester": OPEN},
    "information.clarify_request": {"requester": {S.CLARIFICATION}},
    "information.agree_to_publish": {"requester": ANSWERED},
    "information.view_in_queue": {"officer": ALL, "department": ALL},
    "information.assign_request": {"officer": OPEN},
    "information.ask_clarification": {"officer": PREPARING, "department": PREPARING},
    "information.extend_request": {"officer": PREPARING, "department": PREPARING},
    "information.answer_request": {"officer": PREPARING, "department": PREPARING},
    "information.answer_after_complaint": {"officer": CONTESTED},
}  # fmt: skip


@pytest.fixture
def people():
    department = DepartmentFactory()
    request = file()
    services.assign(InformationOfficerFactory(), request, department)
    return request, {
        "requester": request.requester,
        "officer": InformationOfficerFactory(),
        "department": DepartmentMemberFactory(department=department),
        "other department": DepartmentMemberFactory(department=DepartmentFactory(slug="finances")),
        "resident": SignatoryFactory(),
        "moderator": make_moderator(),
    }


@pytest.mark.parametrize("status", list(S))
def test_each_role_holds_exactly_its_permissions_in_each_status(people, status):
    request, roles = people
    InformationRequest.objects.filter(pk=request.pk).update(status=status)
    request = InformationRequest.objects.select_related("department").get(pk=request.pk)
    for permission, holders in TABLE.items():
        for role, user in roles.items():
            expected = status in holders.get(role, set())
            assert user.has_perm(permission, request) == expected, (permission, role, status)
