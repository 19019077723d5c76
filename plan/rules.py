"""Who may do what with the action plan (rules predicates)."""

import rules

from participation.rules import holds, is_verified_resident

# Staff whose role posts progress updates (editors, departments: sharik/roles.py).
posts_updates = holds("plan.add_projectupdate", "posts_updates")
# The editors, who keep the whole plan up to date.
updates_every_project = holds("plan.update_every_project", "updates_every_project")


@rules.predicate
def is_in_the_projects_department(user, project):
    """A member of the department responsible for the project (its original page's, the one
    progress updates point at): the department reports on its own projects, and only them."""
    if not (user.is_authenticated and user.is_staff):
        return False
    department_id = project.original.responsible_department_id
    return department_id is not None and user.departments.filter(pk=department_id).exists()


rules.add_perm("plan.evaluate_project", is_verified_resident)
rules.add_perm("plan.suggest_for_project", is_verified_resident)
# Posting a progress update on a project, and correcting one (plan/services.py, the admin).
rules.add_perm(
    "plan.report_progress",
    posts_updates & (updates_every_project | is_in_the_projects_department),
)
