"""Chinese first: the interface language is zh-hans unless the user picks another."""


class ChineseFirstMiddleware:
    """Ignore the browser's Accept-Language so an English-language browser still
    gets the Chinese interface; the language switcher's cookie still chooses English.
    Must run before django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


BAD_CHARACTERS = ("\x00",)


def _has_bad_characters(values) -> bool:
    return any(bad in value for value in values for bad in BAD_CHARACTERS)


class RejectNulMiddleware:
    """Answer 400 (the Chinese error page) to a request whose path or query string
    carries a NUL byte: PostgreSQL refuses NUL in text, so such input would
    otherwise fail deep in a query as a 500. (Form fields need no check here:
    Django's form fields already refuse NUL with a field error.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_bad_characters([request.path]) or any(
            _has_bad_characters([key, *request.GET.getlist(key)]) for key in request.GET
        ):
            return _bad_request(request)
        return self.get_response(request)


def _bad_request(request):
    from django.views.defaults import bad_request

    return bad_request(request, exception=None)


class UnroutedWebsocketClose:
    """Close a WebSocket handshake on a path no route matches (code 4404) instead of
    letting Channels' URLRouter raise, which the server answers with a 500."""

    def __init__(self, inner, *, patterns):
        self.inner = inner
        self.patterns = patterns

    def _routed(self, path: str) -> bool:
        return any(pattern.pattern.match(path.lstrip("/")) for pattern in self.patterns)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not self._routed(scope.get("path", "")):
            message = await receive()
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": 4404})
            return None
        return await self.inner(scope, receive, send)


# The Django admin and the Wagtail admin ship inline scripts and styles of their
# own; they get those (and nothing else) on top of the site's policy.
ADMIN_PREFIXES = ("/django-admin/", "/cms/")


def _csp_middleware_base():
    from csp.middleware import CSPMiddleware

    return CSPMiddleware


class SiteCSPMiddleware(_csp_middleware_base()):
    """django-csp's middleware with two additions per request: connect-src names
    the site's own WebSocket origin (ws:// and wss:// of the request's host), and
    the two admin sites may run their inline scripts."""

    def get_policy_parts(self, request, response, report_only=False):
        from csp.constants import UNSAFE_EVAL, UNSAFE_INLINE

        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        try:
            host = request.get_host()
        except Exception:  # DisallowedHost: no site origin to name
            host = ""
        if host:
            update["connect-src"] = [f"ws://{host}", f"wss://{host}"]
        if request.path.startswith(ADMIN_PREFIXES):
            update["script-src"] = [UNSAFE_INLINE, UNSAFE_EVAL]
            update["img-src"] = ["data:", "blob:"]
            # Wagtail shows page previews in a frame of its own.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        parts.update = update
        return parts


def _origin_validator_base():
    from channels.security.websocket import OriginValidator

    return OriginValidator


class SiteOriginValidator(_origin_validator_base()):
    """Channels' origin check against ALLOWED_HOSTS, plus the scheme: with
    WEBSOCKET_ORIGIN_SCHEMES = ["https"] (production) a page served over plain
    http cannot open the site's sockets."""

    def valid_origin(self, parsed_origin):
        from django.conf import settings

        schemes = getattr(settings, "WEBSOCKET_ORIGIN_SCHEMES", ("http", "https"))
        if parsed_origin is not None and parsed_origin.scheme not in schemes:
            return False
        return super().valid_origin(parsed_origin)


def site_origin_validator(application):
    """AllowedHostsOriginValidator with the scheme check of SiteOriginValidator."""
    from django.conf import settings

    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = ["localhost", "127.0.0.1", "[::1]"]
    return SiteOriginValidator(application, allowed_hosts)
