"""Residents' pages of participatory budgets besides the budget pages themselves (Wagtail's):
mounted at ``/<language>/budgets/``."""

from django.urls import path

from budgets.views import ideas, results, voting

app_name = "budgets"

urlpatterns = [
    path("<int:budget_id>/ideas/new/", ideas.submit_idea, name="submit_idea"),
    path("<int:budget_id>/vote/<int:envelope_id>/", voting.ballot, name="ballot"),
    path("<int:budget_id>/results/", results.results, name="results"),
    path("<int:budget_id>/results/ballots.json", results.results_export, name="results_export"),
    path("projects/<int:pk>/", ideas.project_detail, name="project"),
]
