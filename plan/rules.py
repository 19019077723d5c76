"""Who may do what with the action plan (rules predicates)."""

import rules

from participation.rules import is_verified_resident

rules.add_perm("plan.evaluate_project", is_verified_resident)
rules.add_perm("plan.suggest_for_project", is_verified_resident)
