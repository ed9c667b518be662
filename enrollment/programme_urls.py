from django.urls import path

from . import programme_views

# Included by enrollment/urls.py as path("programmes/", include(...)).
urlpatterns = [
    path("", programme_views.programme_list, name="programmes"),
    path("new/", programme_views.programme_create, name="programme_create"),
    path("<int:pk>/", programme_views.programme_detail, name="programme_detail"),
    path(
        "<int:pk>/lines/new/",
        programme_views.plan_line_create,
        name="plan_line_create",
    ),
]
