"""Every project route, walked from the URL configuration."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Prefixes with their own authentication (admin sites, Wagtail's documents and
# page-serving catch-all) or none needed (language switch, static/media files).
SKIPPED_PREFIXES = (
    "django-admin/",
    "cms/",
    "documents/",
    "learn/",
    "^learn/",
    "i18n/",
    "static/",
    "media/",
    "^static/",
    "^media/",
)


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the bare name at the top level
    pattern: str  # the full path pattern, for messages


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        text = prefix + str(entry.pattern)
        if any(text.startswith(p) for p in SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, text, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {text}>"
            yield Route(name=f"{namespace}:{name}" if namespace else name, pattern=text)


def project_routes() -> list[Route]:
    """All routes the project serves itself, sorted by name."""
    return sorted(set(_walk(get_resolver().url_patterns)), key=lambda r: r.name)
