"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from common.middleware import (  # noqa: E402
    UnroutedWebsocketClose,
    site_origin_validator,
)
from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": UnroutedWebsocketClose(
            site_origin_validator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
            patterns=websocket_urlpatterns,
        ),
    }
)

# Load the CJK font and compile the certificate template in the background at
# start, so no request pays the cold load (issue 8). Off in the test settings
# (PDF_WARM_UP = False) and with the environment variable PDF_WARM_UP=0.
from django.conf import settings  # noqa: E402

if getattr(settings, "PDF_WARM_UP", True) and os.environ.get("PDF_WARM_UP") != "0":
    import threading  # noqa: E402

    from certificates.documents import warm_up  # noqa: E402

    threading.Thread(target=warm_up, name="pdf-warm-up", daemon=True).start()
