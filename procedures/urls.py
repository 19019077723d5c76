"""The procedures' own addresses besides their Wagtail pages (``/ar/procedures/`` is the Arabic
index page): the ranking and what residents post from a procedure's page."""

from django.urls import path

from procedures import views

app_name = "procedures"

urlpatterns = [
    path("ranking/", views.ranking, name="ranking"),
    path("<int:pk>/feedback/", views.give_feedback, name="feedback"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/withdraw-vote/", views.withdraw_vote, name="withdraw_vote"),
]
