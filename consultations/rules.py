"""Who may do what with consultations (rules predicates; checked in views, templates and admin)."""

import rules

from participation.rules import holds, is_moderator, is_verified_resident


@rules.predicate
def questionnaire_is_open(user, consultation):
    return consultation.questionnaire_is_open()


@rules.predicate
def results_are_public(user, consultation):
    return consultation.results_are_public()


@rules.predicate
def report_is_public(user, consultation):
    return consultation.report_is_public()


# Council staff who work on consultations (editors and moderators).
reads_responses = holds("consultations.view_response", "reads_responses")


rules.add_perm("consultations.answer_consultation", is_verified_resident & questionnaire_is_open)
rules.add_perm("consultations.see_results", results_are_public | reads_responses)
rules.add_perm("consultations.see_report", report_is_public | reads_responses)
rules.add_perm("consultations.export_responses", reads_responses)
rules.add_perm("consultations.publish_quote", is_moderator & reads_responses)
# The queue of written answers to read (the admin's dashboard): marking them read is reading.
rules.add_perm("consultations.read_answers", reads_responses)
