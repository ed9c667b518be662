"""Reads about users and what each role may see."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Agency, Notice, Region, User


@dataclass(frozen=True)
class Scope:
    """What a user may see: every region, some regions, or one enterprise."""

    all_regions: bool = False
    region_ids: frozenset[int] = frozenset()
    enterprise_id: int | None = None
    agency_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.all_regions and not self.region_ids and not self.enterprise_id


def _enterprise_scope(user: User) -> Scope:
    return Scope(enterprise_id=user.enterprise_id)


def _trainer_scope(user: User) -> Scope:
    if not user.agency_id:
        return Scope()
    ids = Region.objects.filter(agencies=user.agency_id).values_list("id", flat=True)
    return Scope(region_ids=frozenset(ids), agency_id=user.agency_id)


def _county_scope(user: User) -> Scope:
    region_id = user.office.region_id if user.office_id else None
    return Scope(region_ids=frozenset([region_id]) if region_id else frozenset())


def _all_scope(user: User) -> Scope:
    return Scope(all_regions=True)


_SCOPES = {
    User.Role.ENTERPRISE: _enterprise_scope,
    User.Role.TRAINER: _trainer_scope,
    User.Role.COUNTY_OFFICE: _county_scope,
    User.Role.CITY_OFFICE: _all_scope,
    User.Role.ADMIN: _all_scope,
}


def user_scope(*, user: User) -> Scope:
    """Return the scope of what `user` may see, decided by role."""
    if not user.is_authenticated:
        return Scope()
    if user.is_superuser:
        return Scope(all_regions=True)
    return _SCOPES[user.role](user)


def region_list(*, user: User) -> QuerySet[Region]:
    """Regions visible to `user`; an enterprise sees its own enterprise's region."""
    scope = user_scope(user=user)
    if scope.all_regions:
        return Region.objects.all()
    if scope.enterprise_id:
        return Region.objects.filter(enterprises=scope.enterprise_id)
    return Region.objects.filter(id__in=scope.region_ids)


def agency_list(*, user: User) -> QuerySet[Agency]:
    """Agencies visible to `user`: its own, or those serving its regions."""
    scope = user_scope(user=user)
    if scope.all_regions:
        return Agency.objects.all()
    if scope.agency_id:
        return Agency.objects.filter(id=scope.agency_id)
    return Agency.objects.filter(regions__in=region_list(user=user)).distinct()


def representative_list(*, enterprise_id: int) -> QuerySet[User]:
    """The active representative accounts of an enterprise: whom its news reaches."""
    return User.objects.filter(
        enterprise_id=enterprise_id, role=User.Role.ENTERPRISE, is_active=True
    )


def notice_list(*, user: User, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's own in-site notices, newest first."""
    qs = Notice.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs
