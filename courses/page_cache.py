"""Whole-response cache of public course and lecture pages for anonymous readers.

Only anonymous GETs without a query string and without pending messages take part;
signed-in readers always get their own render (scope, progress, CSRF token). A
response is stored only if it is a 200 of a public course or one of its lectures,
nothing marked it uncacheable (Wagtail's view restrictions add no-store) and its
render asked for no CSRF token.

Entries are keyed by host, language and path, and carry the cache generation read
when the request began. Any publish, unpublish, move or delete of a page, and any
change of a view restriction or site, sets a new generation (at once and again after
commit), so no entry from before the change is served again; entries also expire
after ANONYMOUS_PAGE_TIMEOUT (what no signal covers, such as a trainer's renamed
account on a course page, is stale at most that long).
"""

import hashlib
import uuid

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse

ANONYMOUS_PAGE_TIMEOUT = 600
HIT_HEADER = "X-Anonymous-Page-Cache"
_GENERATION_KEY = "courses:anonymous-page:generation"
_KEY_PREFIX = "courses:anonymous-page:"
_GENERATION_ATTR = "_anonymous_page_generation"


def _entry_key(request: HttpRequest) -> str:
    raw = "\n".join([request.get_host(), request.LANGUAGE_CODE, request.path])
    return _KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def anonymous_page_cacheable(request: HttpRequest) -> bool:
    """Whether `request` may be answered from, or stored into, the shared cache."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def anonymous_page_get(request: HttpRequest) -> HttpResponse | None:
    """The cached response for `request`, or None (then render and store it).

    Call only for requests anonymous_page_cacheable() accepts. Remembers the
    generation on the request so a later store cannot outlive a change made while
    the page was being rendered.
    """
    if hasattr(request, _GENERATION_ATTR):
        return None  # looked up already (before routing) and missed
    key = _entry_key(request)
    found = cache.get_many([_GENERATION_KEY, key])
    generation = found.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(_GENERATION_KEY)
    setattr(request, _GENERATION_ATTR, generation)
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return None
    response = HttpResponse(entry[1], content_type=entry[2])
    response[HIT_HEADER] = "hit"
    return response


def anonymous_page_store_after_render(
    request: HttpRequest, response: HttpResponse
) -> None:
    """Store `response` for other anonymous readers once it is rendered, if it may be.

    Call only after anonymous_page_get() returned None for the same request, and
    only for pages that are public (the caller decides which).
    """
    generation = getattr(request, _GENERATION_ATTR, None)
    if generation is None or not isinstance(response, SimpleTemplateResponse):
        return
    key = _entry_key(request)

    def store(rendered: HttpResponse) -> None:
        if (
            rendered.status_code != 200
            or "no-store" in rendered.get("Cache-Control", "")
            or "private" in rendered.get("Cache-Control", "")
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or rendered.cookies
        ):
            return
        entry = (generation, rendered.content, rendered["Content-Type"])
        cache.set(key, entry, timeout=ANONYMOUS_PAGE_TIMEOUT)

    response.add_post_render_callback(store)


def anonymous_pages_invalidate() -> None:
    """Drop every cached anonymous page (by starting a new generation)."""
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
