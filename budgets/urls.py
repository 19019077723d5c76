"""Residents' pages of participatory budgets besides the budget pages themselves (Wagtail's):
mounted at ``/<language>/budgets/``."""

from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("<int:budget_id>/ideas/new/", views.submit_idea, name="submit_idea"),
    path("<int:budget_id>/vote/<int:envelope_id>/", views.ballot, name="ballot"),
    path("<int:budget_id>/results/", views.results, name="results"),
    path("<int:budget_id>/results/ballots.json", views.results_export, name="results_export"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
]
