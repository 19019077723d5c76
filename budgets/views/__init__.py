"""Residents' pages of participatory budgets: the index and the budget (served by their Wagtail
pages, whose context comes from here), an idea's form, a project, the ballot of an envelope,
the results and their anonymised export.

Views are thin: who may vote, the knapsack and the count are decided by budgets/rules.py,
budgets/services.py and budgets/tally.py; here they are asked and their answer shown.

One module per page: ``pages`` (the index and the budget, for their Wagtail pages), ``ideas``
(an idea's form, a project), ``voting`` (the ballot), ``results`` (results and the export);
``common`` holds what they share.
"""
