"""The role home pages: what each person does next."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors

_HOMES = {
    "enterprise": selectors.representative_home,
    "trainer": selectors.trainer_home,
    "office": selectors.office_home,
    "province": selectors.province_home,
    "authority": selectors.authority_home,
}


@require_GET
def home(request):
    """The landing page for visitors; each role's home page once signed in."""
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    kind = selectors.home_kind(user=request.user)
    context = _HOMES[kind](user=request.user) if kind in _HOMES else {}
    return render(request, f"portal/home_{kind}.html", context)
