from django.urls import include, path

app_name = "enrollment"

urlpatterns: list = [
    path("live/", include("enrollment.live_urls")),
]
