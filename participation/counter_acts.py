"""What a counter agent may do on a resident's behalf, as the features declare it (issue 17).

The counters (``counters/``) sit above the features and may not reach into their services; the
core imports no feature. So each feature registers its acts under a Wagtail hook, and the
counters offer, record, audit and print whatever is registered, the same way for every act::

    @hooks.register(COUNTER_ACTS_HOOK)
    def counter_acts():
        return [CounterAct(kind="proposal_supported", …)]

An act's ``perform`` calls the feature's own service with ``at_counter`` and ``recorded_by``, so
the rules are those of the site; the one rule a counter replaces is the confirmed email address
the site asks of a resident online: at a counter it is the identity card the agent saw during the
visit (the counters check it before any act). A refusal raises ``ActRefused`` with a sentence for
the agent and a short cause for the audit log.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wagtail import hooks

COUNTER_ACTS_HOOK = "sharik_counter_acts"


class ActRefused(Exception):
    """The feature refuses the act, as it would online: ``message`` (translated) for the agent,
    ``cause`` (a slug) for the audit log."""

    def __init__(self, message, cause="refused"):
        super().__init__(message)
        self.message = str(message)
        self.cause = cause


@dataclass(frozen=True)
class CounterAct:
    """One thing an agent may do for a resident.

    - ``kind``: the slug in URLs, the visit's list and the audit log (``counter.<kind>``).
    - ``label``: the verb offered on the resident's file ("Support a proposal").
    - ``done_label``: what the receipt says was done ("Proposal supported").
    - ``build_form(resident, counter, subject, data=None, files=None)``: the form the agent fills
      in, never filled with what the resident recorded before (the agent sees what the task
      needs, no more).
    - ``perform(agent, resident, counter, subject, form) -> (record, changed)``: the feature's
      service, given the valid form, marked ``at_counter=counter, recorded_by=agent``;
      ``record`` is the row the act made or changed, ``changed`` whether this call recorded
      something. A refusal raises ``ActRefused``.
    - ``describe(record)``: the detail shown on the receipt (a title; never an answer).
    - ``records()``: a queryset of the record's model reading what ``describe`` needs, so that
      a visit's acts are described in one query per kind.
    - ``find_subjects(query) -> [(pk, title)]`` and ``subject(pk)``: for an act on something
      (a proposal to support, a consultation to answer), how the agent finds and names it;
      None for an act that makes its subject (submitting a proposal).
    - ``help_text``: a sentence under the form's title.
    - ``form_template``: the template that renders the form's fields (``form`` in its context).
    """

    kind: str
    label: Any
    done_label: Any
    build_form: Callable
    perform: Callable
    describe: Callable
    records: Callable
    find_subjects: Callable | None = None
    subject: Callable | None = None
    help_text: Any = ""
    form_template: str = "includes/form_fields.html"
    order: int = 100

    @property
    def has_subject(self):
        return self.subject is not None


def counter_acts():
    """Every registered act, by kind, in the order the resident's file offers them."""
    acts = [act for register in hooks.get_hooks(COUNTER_ACTS_HOOK) for act in register()]
    return {act.kind: act for act in sorted(acts, key=lambda act: (act.order, act.kind))}


def counter_act(kind):
    return counter_acts().get(kind)
