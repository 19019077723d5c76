"""Proposals at a counter (participation/counter_acts.py): an agent submits a proposal for a
resident, or records their support of one, through the services the site uses, marked with the
counter and the agent. Registered in proposals/wagtail_hooks.py."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.counter_acts import ActRefused, CounterAct
from proposals import services
from proposals.forms import CounterProposalForm, CounterSupportForm
from proposals.models import SUPPORTABLE_STATUSES, Proposal, Support

SEARCH_LIMIT = 20


# --- Submitting a proposal ----------------------------------------------------------------------


def proposal_form(resident, counter, subject, data=None, files=None):
    return CounterProposalForm(
        data, initial={"arrondissement": resident.arrondissement_id or counter.pk}
    )


def submit_proposal(agent, resident, counter, subject, form):
    """Submitted as the resident would online: ``proposals.submit_proposal`` asks a confirmed
    email address only, which the card seen at the counter stands for."""
    proposal = services.submit_at_counter(form, resident, at_counter=counter, recorded_by=agent)
    return proposal, True


def describe_proposal(proposal):
    return f"#{proposal.pk} — {proposal.title}"


# --- Supporting a proposal ----------------------------------------------------------------------


def supportable_proposals(query=""):
    """Proposals open to supports, by number ("12", "#12") or by a word of their title."""
    proposals = Proposal.objects.filter(status__in=SUPPORTABLE_STATUSES)
    query = (query or "").strip().lstrip("#")
    if query.isdigit():
        proposals = proposals.filter(pk=int(query))
    elif query:
        proposals = proposals.filter(title__icontains=query)
    return [
        (proposal.pk, describe_proposal(proposal))
        for proposal in proposals.only("id", "title").order_by("-support_count", "-pk")[
            :SEARCH_LIMIT
        ]
    ]


def public_proposal(pk):
    """Only a public proposal can be chosen: a draft is its author's."""
    return Proposal.objects.public().filter(pk=pk).first()


def support_form(resident, counter, subject, data=None, files=None):
    return CounterSupportForm(data)


def support_proposal(agent, resident, counter, proposal, form):
    """The online rule (``proposals.support_proposal``), the confirmed email aside; a resident
    who already supports it (online or at a counter) is told so and nothing is recorded."""
    if proposal.is_owned_by(resident):
        raise ActRefused(
            _("The resident is this proposal's author: authors do not support their own."),
            "own_proposal",
        )
    if not resident.has_perm("proposals.support_proposal_at_counter", proposal):
        raise ActRefused(_("This proposal is no longer open to supports."), "not_supportable")
    if not services.support(resident, proposal, at_counter=counter, recorded_by=agent):
        raise ActRefused(
            _("The resident already supports this proposal. Nothing was recorded."),
            "already_supported",
        )
    return Support.objects.get(proposal=proposal, user=resident), True


def describe_support(support):
    return describe_proposal(support.proposal)


def counter_acts():
    return [
        CounterAct(
            kind="proposal_submitted",
            label=gettext_lazy("Submit a proposal"),
            done_label=gettext_lazy("Proposal submitted"),
            help_text=gettext_lazy(
                "Type the resident's idea as they tell it; it is moderated as any proposal."
            ),
            build_form=proposal_form,
            perform=submit_proposal,
            describe=describe_proposal,
            records=lambda: Proposal.objects.only("id", "title"),
            order=10,
        ),
        CounterAct(
            kind="proposal_supported",
            label=gettext_lazy("Support a proposal"),
            done_label=gettext_lazy("Proposal supported"),
            help_text=gettext_lazy("Find the proposal by its number or a word of its title."),
            build_form=support_form,
            perform=support_proposal,
            describe=describe_support,
            find_subjects=supportable_proposals,
            subject=public_proposal,
            records=lambda: Support.objects.select_related("proposal").only(
                "id", "proposal__id", "proposal__title"
            ),
            order=20,
        ),
    ]
