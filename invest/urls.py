"""The investors' desk, beside the Wagtail pages of Invest in Salé: ``/<lang>/invest/`` and its
assets are pages (invest/models.py); only these addresses are the app's own."""

from django.urls import path

from invest import views

app_name = "invest"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.thanks, name="thanks"),
]
