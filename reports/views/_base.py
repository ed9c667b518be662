"""Helpers shared by the offices' views: who may enter, and the scope label."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from ..selectors import is_city_reader, is_office_reader, region_get


def office_required(view):
    """Offices and administrators only; everybody else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_office_reader(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def city_required(view):
    """The city office and administrators only; everybody else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_city_reader(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def region_param(request):
    """The ?region=<code> parameter as a Region in scope; other regions are a 404."""
    code = request.GET.get("region", "").strip()
    return region_get(user=request.user, code=code) if code else None


def scope_label(request) -> str:
    """A readable scope for the audit log: the office and the region asked for."""
    user = request.user
    office = user.office.name if user.office_id else user.get_role_display()
    region = request.GET.get("region", "")
    return f"{office}" + (f" · 地区 {region}" if region else "")
