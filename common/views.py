"""Error pages in the site's layout and language (400/403/404/500 templates at
project level; Django's defaults render them). CSRF failures get their own page."""

from django.http import HttpResponseForbidden
from django.template import loader


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the Chinese 「页面已过期」 page, status 403."""
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({"reason": reason}, request))
