"""Fixtures of the action plan: the factories of ``factories.py``, registered with
pytest-factoryboy (``action_plan_page``, ``axis_page``, ``project_page``, ``project_update``,
``project_evaluation``… and their ``*_factory``)."""

from pytest_factoryboy import LazyFixture, register

from tests.plan.factories import (
    ActionPlanPageFactory,
    AxisPageFactory,
    ProjectEvaluationFactory,
    ProjectIndicatorFactory,
    ProjectMilestoneFactory,
    ProjectPageFactory,
    ProjectProgressFactory,
    ProjectUpdateAttachmentFactory,
    ProjectUpdateFactory,
)

register(ActionPlanPageFactory)
register(AxisPageFactory)
register(ProjectPageFactory)
register(ProjectIndicatorFactory)
register(ProjectMilestoneFactory)
register(ProjectProgressFactory)
register(ProjectUpdateFactory)
register(ProjectUpdateAttachmentFactory)
# The evaluating resident is the suite's ``resident`` fixture (tests/conftest.py).
register(ProjectEvaluationFactory, resident=LazyFixture("resident"))
