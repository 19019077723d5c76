from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm_participation, name="confirm"),
]
