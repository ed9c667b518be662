"""Helpers shared by the offices' views: who may enter, and the scope label."""

from accounts.decorators import OFFICE_ROLES, role_required
from accounts.models import User

from ..selectors import region_get

# The offices' view: county and city offices, the provincial office (reads every
# city) and administrators; the audit log and other city-wide pages: the city and
# provincial offices and administrators. Every page here only reads.
office_required = role_required(
    *OFFICE_ROLES, User.Role.PROVINCE_OFFICE, User.Role.ADMIN
)
city_required = role_required(
    User.Role.CITY_OFFICE, User.Role.PROVINCE_OFFICE, User.Role.ADMIN
)


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
