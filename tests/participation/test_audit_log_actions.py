"""Every staff action written to the audit log has words in the viewer (issue 18, point 3).

The code base is parsed (``ast``) for every call of ``audit()`` (and of the counters' wrapper
``_audit()``); each action code it can write must have a label in
``participation.audit_log.action_labels()``. A code built with an f-string is expanded from the
state machine or the registry it comes from (below); a new f-string call fails until it is added
here, so a new action cannot reach the log without words."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from participation.audit_log import KIND_LABELS, action_labels, kind_of
from participation.counter_acts import counter_acts

ROOT = Path(settings.BASE_DIR)
SKIPPED = {".venv", "tests", "node_modules", "build", "migrations", "static", "var", "bench"}
AUDIT_FUNCTIONS = {"audit", "_audit"}


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if not SKIPPED.intersection(parts) and not parts[0].startswith("."):
            yield path


def _called_name(call):
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def audit_calls():
    """(file:line, the enclosing function, the action argument) of every audit() call."""
    found = []
    for path in _source_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and _called_name(node) in AUDIT_FUNCTIONS:
                    action = node.args[1] if len(node.args) > 1 else None
                    for keyword in node.keywords:
                        if keyword.arg == "action":
                            action = keyword.value
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    name = getattr(function, "name", "<module>")
                    found.append((where, name, action))
    # ast.walk visits a call once per enclosing function: keep the innermost.
    innermost = {}
    for where, name, action in found:
        innermost[where] = (name, action)
    return [(where, name, action) for where, (name, action) in sorted(innermost.items())]


def _workflows():
    from information.models import WORKFLOW as information
    from invest.models import WORKFLOW as invest
    from petitions.models import WORKFLOW as petitions
    from proposals.models import WORKFLOW as proposals

    return [information, invest, petitions, proposals]


def dynamic_actions():
    """The codes each f-string can produce, read from where their values come from."""
    from budgets.models import Feasibility
    from information.models import RequestStatus
    from participation.models import ReportStatus
    from petitions.models import OrganisationStatus
    from proposals.models import TRANSITIONS as PROPOSAL_TRANSITIONS

    kinds = list(counter_acts())
    official_statuses = {
        status
        for moves in PROPOSAL_TRANSITIONS.values()
        for status, who in moves.items()
        if who == "official"
    }
    return {
        "f'counter.{act.kind}'": [f"counter.{kind}" for kind in kinds],
        "f'counter.{act.kind}_refused'": [f"counter.{kind}_refused" for kind in kinds],
        "f'proposal.{new_status}'": [f"proposal.{status}" for status in official_statuses],
        "f'information.{status}'": [
            f"information.{status}"
            for status in (RequestStatus.ANSWERED, RequestStatus.PARTLY_ANSWERED)
        ],
        "f'budget_project.{project.feasibility}'": [
            f"budget_project.{value}" for value in Feasibility.values if value != "pending"
        ],
        "f'report.{decision}'": [
            f"report.{value}" for value in ReportStatus.values if value != ReportStatus.OPEN
        ],
        "f'organisation.{decision}'": [
            f"organisation.{value}" for value in OrganisationStatus.values if value != "pending"
        ],
        "f'{self.name}.return'": [
            f"{workflow.name}.return" for workflow in _workflows() if workflow.returned
        ],
    }


def possible_actions(where, function, node, dynamic):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return possible_actions(where, function, node.body, dynamic) + possible_actions(
            where, function, node.orelse, dynamic
        )
    if isinstance(node, ast.JoinedStr):
        source = ast.unparse(node)
        if source not in dynamic:
            pytest.fail(
                f"{where}: the action {source} is built at run time; list the codes it can "
                "produce in dynamic_actions() (tests/participation/test_audit_log_actions.py)"
            )
        return dynamic[source]
    if isinstance(node, ast.Name) and function in AUDIT_FUNCTIONS:
        return []  # a wrapper passing its own ``action`` on: its callers are checked
    pytest.fail(f"{where}: cannot tell which action {ast.dump(node)} writes")


def every_written_action():
    dynamic = dynamic_actions()
    written = {}
    for where, function, node in audit_calls():
        if node is None:
            continue
        for action in possible_actions(where, function, node, dynamic):
            written.setdefault(action, []).append(where)
    return written


def test_the_walk_finds_the_staff_services():
    """The parser sees the call sites it should (a guard against a walk that finds nothing)."""
    written = every_written_action()
    for action in [
        "comment.hide",
        "report.hidden",
        "proposal.publish",
        "proposal.accepted",
        "proposal.return",
        "petition.decided",
        "petition.dossier_download",
        "information.answered",
        "counter.file_opened",
        "counter.proposal_supported",
        "budget_project.to_plan",
        "event.registrants_export",
        "consultation.publish_quote",
        "consultation.withdraw_quote",
        "audit_log.exported",
    ]:
        assert action in written, action
    assert len(written) >= 50


def test_every_action_a_service_writes_has_words_in_the_viewer():
    labels = action_labels()
    missing = {
        action: places for action, places in every_written_action().items() if action not in labels
    }
    assert not missing, (
        f"add these actions to ACTION_LABELS (participation/audit_log.py): {missing}"
    )


def test_every_kind_has_words():
    kinds = {kind_of(action) for action in every_written_action()}
    assert kinds <= set(KIND_LABELS), kinds - set(KIND_LABELS)


def test_no_label_is_left_for_an_action_no_code_writes():
    """A label whose action nothing writes any more is a renamed action the viewer lost."""
    written = every_written_action()
    assert set(action_labels()) - set(written) == set()
