from django.urls import path

from . import views as live_views

# Included by enrollment/urls.py as path("live/", include("enrollment.live.urls")).
urlpatterns = [
    path("", live_views.live_office_list, name="live_office_list"),
    path("<int:pk>/", live_views.live_attendee, name="live_attendee"),
    path("<int:pk>/act/", live_views.live_attendee_action, name="live_attendee_action"),
    path("<int:pk>/scan/", live_views.live_scan, name="live_scan"),
    path("<int:pk>/console/", live_views.live_console, name="live_console"),
    path("<int:pk>/console/<str:action>/", live_views.live_window, name="live_window"),
    path("<int:pk>/mark/", live_views.live_mark, name="live_mark"),
    path("<int:pk>/board/", live_views.live_board, name="live_board"),
]
