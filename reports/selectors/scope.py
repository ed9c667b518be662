"""Who may open the offices' view, and which regions they see."""

from django.http import Http404

from accounts.models import Region, User
from accounts.selectors import region_by_key, region_list, user_scope


def is_office_reader(user: User) -> bool:
    """County, city and provincial offices and administrators read the offices'
    view."""
    return user.is_authenticated and (
        user.is_office or user.is_province_office or user.is_platform_admin
    )


def is_city_reader(user: User) -> bool:
    """The city office (its city's regions), the provincial office and
    administrators (every city) see whole cities and the audit log."""
    return user.is_authenticated and (
        user.is_city_office or user.is_province_office or user.is_platform_admin
    )


def office_regions(*, user: User) -> list[Region]:
    """The regions `user` may report on, in code order (one query)."""
    if not is_office_reader(user):
        raise Http404
    return list(region_list(user=user).order_by("city__code", "code"))


def region_get(*, user: User, code: str) -> Region:
    """One region in `user`'s scope by its key (or unambiguous code); else a 404."""
    if not is_office_reader(user):
        raise Http404
    region = region_by_key(regions=region_list(user=user), key=code)
    if region is None:
        raise Http404
    return region


def scoped_city_id(*, user: User) -> int | None:
    """The city office's city (its sector plan lines have no region), else None."""
    return user_scope(user=user).city_id


def scoped_region_ids(*, user: User, region: Region | None = None) -> list[int] | None:
    """Region ids to filter on, or None when `user` sees every region unfiltered."""
    if region is not None:
        return [region.pk]
    if user_scope(user=user).all_regions:
        return None
    return sorted(user_scope(user=user).region_ids)
