from django.urls import path

from petitions import views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_create, name="create"),
    path("mine/", views.my_petitions, name="mine"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/edit/", views.petition_edit, name="edit"),
    path("<int:pk>/sign/", views.petition_sign, name="sign"),
    path("<int:pk>/file/", views.petition_file, name="file"),
    path("<int:pk>/withdraw/", views.petition_withdraw, name="withdraw"),
    path("<int:pk>/decision-document/", views.filing_decision_document, name="filing_decision"),
]
