"""Per-IP rate limit of public verification look-ups (Django cache, fixed window)."""

from django.core.cache import cache

from common.audit import client_ip

from . import conf

RATE_LIMITED = "查询过于频繁，请{minutes}分钟后再试。"


def verify_rate_exceeded(request) -> bool:
    """Count this look-up; True once the IP is over the limit for the window."""
    limit, window = conf.verify_rate_limit()
    key = f"certificates:verify:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def rate_limited_message() -> str:
    """The Chinese message shown with the 429."""
    return RATE_LIMITED.format(minutes=max(1, conf.verify_rate_limit()[1] // 60))
