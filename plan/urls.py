from django.urls import path

from plan import views as plan_views

app_name = "plan"

urlpatterns = [
    path("projects/<int:pk>/evaluate/", plan_views.evaluate_project, name="evaluate"),
]
