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
