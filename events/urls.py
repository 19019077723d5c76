from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
]
