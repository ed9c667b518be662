from django.conf import settings
from django.urls import path

from . import consumers

websocket_urlpatterns: list = [
    path("ws/live/<int:session_id>/", consumers.LiveSessionConsumer.as_asgi()),
]
if settings.LIVE_BENCH_ECHO:  # bench/signin.py's baseline; off unless asked for
    websocket_urlpatterns.append(
        path("ws/bench/echo/", consumers.BenchEchoConsumer.as_asgi())
    )
