from django.urls import path

from information import views

app_name = "information"

urlpatterns = [
    path("", views.register, name="register"),
    path("published/<int:pk>/", views.published, name="published"),
    path("publications/", views.publications, name="publications"),
    path("figures/", views.figures_page, name="figures"),
    path("ask/", views.ask, name="ask"),
    path("mine/", views.mine, name="mine"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/clarify/", views.clarify, name="clarify"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<int:pk>/publish/", views.agree_to_publish, name="publish"),
    path("requests/<int:pk>/complain/", views.complain, name="complain"),
    path("documents/<int:pk>/", views.document, name="document"),
]
