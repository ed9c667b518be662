"""WebSocket routes of every app, gathered for config.asgi."""

from accounts.routing import websocket_urlpatterns as accounts_ws
from enrollment.live.routing import websocket_urlpatterns as enrollment_ws

websocket_urlpatterns = [*accounts_ws, *enrollment_ws]
