"""The navbar's context on every page: the role's navigation and unread notices."""

from accounts.selectors import notice_list

from .navigation import nav_items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": nav_items_for(user=user),
        "unread_notice_count": notice_list(user=user, unread_only=True).count(),
    }
