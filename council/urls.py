from django.urls import path

from council import views

app_name = "council"

urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("<int:pk>/", views.session, name="session"),
    path("<int:pk>/session.ics", views.session_ics, name="session_ics"),
]
