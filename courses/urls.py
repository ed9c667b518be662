from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.study, name="study"),
    path("search/", views.search, name="search"),
    path("progress/", views.office_progress, name="progress"),
    path(
        "lectures/<int:lecture_id>/progress/",
        views.progress_beacon,
        name="progress_beacon",
    ),
]
