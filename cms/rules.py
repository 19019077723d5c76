"""Who may do what with the action plan (rules predicates)."""

import rules

from participation.rules import is_verified_resident

rules.add_perm("cms.evaluate_project", is_verified_resident)
rules.add_perm("cms.suggest_for_project", is_verified_resident)
