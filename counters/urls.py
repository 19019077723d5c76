"""The counter agent's pages, mounted at ``/<language>/counter/``."""

from django.urls import path

from counters import views
from counters.login_code_views import print_login_code

app_name = "counters"

urlpatterns = [
    path("", views.counter_home, name="home"),
    path("residents/new/", views.new_resident, name="new_resident"),
    path("files/open/", views.open_file, name="open_file"),
    path("files/<int:pk>/", views.resident_file, name="file"),
    path("files/<int:pk>/identity/", views.identity_check, name="identity_check"),
    path("files/<int:pk>/declaration/", views.declaration, name="declaration"),
    path("files/<int:pk>/sign/", views.sign, name="sign"),
    path("files/<int:pk>/acts/<slug:kind>/", views.act, name="act"),
    path("files/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt"),
    path("files/<int:pk>/login-code/", print_login_code, name="login_code"),
]
