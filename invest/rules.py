"""Who may read and answer investors' messages: the investor desk (the permission
``invest.answer_investormessage``, given to the Officials in sharik/roles.py) reads and answers
every message; the staff a topic names, those of their topics. Residents and visitors never read
one: anyone may write one (the contact form asks for no account)."""

import rules

from invest.models import WORKFLOW, InvestmentTopic, MessageStatus


@rules.predicate
def is_investor_desk(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("invest.answer_investormessage")
    )


@rules.predicate
def receives_its_topic(user, message=None):
    """A staff member named on the message's topic (on any of its languages); without a
    message, on any topic."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    topics = InvestmentTopic.objects.filter(staff=user)
    if message is not None:
        topics = topics.filter(translation_key=message.topic.translation_key)
    return topics.exists()


@rules.predicate
def may_be_answered(user, message):
    return WORKFLOW.allows(message.status, MessageStatus.ANSWERED)


@rules.predicate
def may_be_closed(user, message):
    return WORKFLOW.allows(message.status, MessageStatus.CLOSED)


handles = is_investor_desk | receives_its_topic

rules.add_perm("invest.read_message", handles)
rules.add_perm("invest.answer_message", handles & may_be_answered)
rules.add_perm("invest.close_message", handles & may_be_closed)
