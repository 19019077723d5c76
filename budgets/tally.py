"""Counting a participatory budget's vote, and letting anyone count it again.

The rule, per envelope:
1. Only each ballot's current version counts (a changed ballot counts once, as last cast).
2. Projects are ranked by votes, most first. Ties are broken by the lower official cost (the
   envelope then funds more), then by the earlier submission, then by the lower id.
3. Winners are taken down the ranking while the envelope has money left: a project that no
   longer fits is skipped and the next ones are still considered. A project without a vote
   never wins.

The tally is computed in a constant number of queries whatever the number of ballots (one
``GROUP BY`` over the chosen projects of current versions). The number of voters is public at
all times; the tally only once the vote is over (``budgets.see_tally``, budgets/rules.py).

``anonymised_ballots()`` exports every current ballot as (envelope, random token, chosen
projects) with the public facts the rule needs, and its SHA-256 digest; ``recount()`` applies
the rule above to such an export alone, and gives the official result back.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F

from budgets.models import Ballot, BallotChoice, BudgetPhase, BudgetProject


@dataclass(frozen=True)
class ProjectFacts:
    id: int
    official_cost: int
    submitted_at: str  # ISO 8601, so the export and the database rank ties alike


@dataclass
class EnvelopeResult:
    envelope_id: int
    amount: int
    population: int | None
    voters: int
    ranking: list[tuple[int, int]]  # (project id, votes), ranked
    winners: list[int]
    votes_by_arrondissement: dict = field(default_factory=dict, compare=False)

    @property
    def turnout(self):
        """Voters as a share of the envelope's population (None when editors gave none)."""
        return self.voters / self.population if self.population else None


def rank(projects, votes):
    """``projects`` (ProjectFacts) ranked by the rule, with their votes."""
    ordered = sorted(
        projects,
        key=lambda p: (-votes.get(p.id, 0), p.official_cost, p.submitted_at, p.id),
    )
    return [(project.id, votes.get(project.id, 0)) for project in ordered]


def select_winners(amount, projects, ranking):
    """Greedy within ``amount``: down the ranking, take each voted project that still fits."""
    costs = {project.id: project.official_cost for project in projects}
    left, winners = amount, []
    for project_id, votes in ranking:
        if votes > 0 and costs[project_id] <= left:
            winners.append(project_id)
            left -= costs[project_id]
    return winners


def _result(envelope, projects, votes, voters):
    ranking = rank(projects, votes)
    return EnvelopeResult(
        envelope_id=envelope["id"],
        amount=envelope["amount"],
        population=envelope["population"],
        voters=voters,
        ranking=ranking,
        winners=select_winners(envelope["amount"], projects, ranking),
    )


# --- From the database ------------------------------------------------------------------------


def _envelopes_and_projects(budget):
    """The envelopes (as dicts) and, per envelope id, the facts of the projects on its ballot."""
    budget = budget.original
    by_place = budget.envelopes_by_arrondissement
    envelopes = [
        {"id": e.pk, "amount": e.amount, "population": e.population} for e in by_place.values()
    ]
    projects = defaultdict(list)
    rows = BudgetProject.objects.on_ballot().filter(budget=budget)
    for pk, place, cost, submitted_at in rows.values_list(
        "pk", "arrondissement__translation_key", "official_cost", "created_at"
    ):
        envelope = by_place.get(place) or by_place.get(None)
        if envelope is not None:
            projects[envelope.pk].append(ProjectFacts(pk, cost, submitted_at.isoformat()))
    return sorted(envelopes, key=lambda e: e["id"]), projects


def _current_choices(budget):
    return BallotChoice.objects.filter(
        version__ballot__envelope__budget=budget.original,
        version__ballot__current_version=F("version"),
    )


def voter_count(budget):
    """Voters so far, per envelope id: public at all times."""
    rows = (
        Ballot.objects.filter(envelope__budget=budget.original, current_version__isnull=False)
        .values_list("envelope")
        .annotate(voters=Count("pk"))
        .order_by()
    )
    return dict(rows)


def tally(budget):
    """The result of every envelope, by envelope id (five queries, whatever the ballots)."""
    envelopes, projects = _envelopes_and_projects(budget)
    votes = defaultdict(lambda: defaultdict(int))
    by_place = defaultdict(lambda: defaultdict(dict))
    rows = (
        _current_choices(budget)
        .values_list("version__ballot__envelope", "version__ballot__arrondissement", "project")
        .annotate(votes=Count("pk"))
        .order_by()
    )
    for envelope_id, arrondissement_id, project_id, count in rows:
        votes[envelope_id][project_id] += count
        by_place[envelope_id][arrondissement_id][project_id] = count
    voters = voter_count(budget)
    results = {}
    for envelope in envelopes:
        result = _result(
            envelope, projects[envelope["id"]], votes[envelope["id"]], voters.get(envelope["id"], 0)
        )
        result.votes_by_arrondissement = dict(by_place[envelope["id"]])
        results[envelope["id"]] = result
    return results


def public_tally(budget):
    """The tally once the vote is over, else None (the number of voters is ``voter_count``)."""
    if budget.phase not in {BudgetPhase.RESULTS, BudgetPhase.FOLLOW_UP}:
        return None
    return tally(budget)


# --- The anonymised export and the recount ----------------------------------------------------


def anonymised_ballots(budget):
    """``(document, digest)``: every current ballot as its envelope, its random token (never the
    voter) and its chosen projects, sorted by envelope and token, with the envelopes and the
    facts of the projects on the ballots; and the SHA-256 of the document's canonical JSON,
    published with the result so that a copy can be checked."""
    envelopes, projects = _envelopes_and_projects(budget)
    ballots = defaultdict(list)
    rows = (
        _current_choices(budget)
        .order_by("version__ballot__envelope", "version__ballot__token", "project")
        .values_list("version__ballot__envelope", "version__ballot__token", "project")
    )
    for envelope_id, token, project_id in rows:
        ballots[(envelope_id, token)].append(project_id)
    document = {
        "budget": budget.original.pk,
        "envelopes": envelopes,
        "projects": [
            {
                "id": p.id,
                "envelope": envelope_id,
                "official_cost": p.official_cost,
                "submitted_at": p.submitted_at,
            }
            for envelope_id in sorted(projects)
            for p in projects[envelope_id]
        ],
        "ballots": [
            {"envelope": envelope_id, "token": token, "projects": chosen}
            for (envelope_id, token), chosen in ballots.items()
        ],
    }
    return document, digest(document)


def canonical_json(document):
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def digest(document):
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()


def recount(document):
    """The result computed from an export alone (as ``tally()`` gives it, without the votes per
    arrondissement, which the export leaves out so that no ballot points to a neighbourhood)."""
    projects = defaultdict(list)
    for row in document["projects"]:
        projects[row["envelope"]].append(
            ProjectFacts(row["id"], row["official_cost"], row["submitted_at"])
        )
    votes = defaultdict(lambda: defaultdict(int))
    voters = defaultdict(int)
    for ballot in document["ballots"]:
        voters[ballot["envelope"]] += 1
        for project_id in ballot["projects"]:
            votes[ballot["envelope"]][project_id] += 1
    return {
        envelope["id"]: _result(
            envelope, projects[envelope["id"]], votes[envelope["id"]], voters[envelope["id"]]
        )
        for envelope in document["envelopes"]
    }
