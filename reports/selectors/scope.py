"""Who may open the offices' view, and which regions they see."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Region, User
from accounts.selectors import region_list, user_scope


def is_office_reader(user: User) -> bool:
    """County and city offices and administrators read the offices' view."""
    return user.is_authenticated and (user.is_office or user.is_platform_admin)


def is_city_reader(user: User) -> bool:
    """The city office and administrators see every region and the audit log."""
    return user.is_authenticated and (user.is_city_office or user.is_platform_admin)


def office_regions(*, user: User) -> list[Region]:
    """The regions `user` may report on, in code order (one query)."""
    if not is_office_reader(user):
        raise Http404
    return list(region_list(user=user).order_by("code"))


def region_get(*, user: User, code: str) -> Region:
    """One region in `user`'s scope by its code; any other region is a 404."""
    if not is_office_reader(user):
        raise Http404
    return get_object_or_404(region_list(user=user), code=code)


def scoped_region_ids(*, user: User, region: Region | None = None) -> list[int] | None:
    """Region ids to filter on, or None when `user` sees every region unfiltered."""
    if region is not None:
        return [region.pk]
    if user_scope(user=user).all_regions:
        return None
    return sorted(user_scope(user=user).region_ids)
