"""The one role gate of the views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .models import User

OFFICE_ROLES = (User.Role.COUNTY_OFFICE, User.Role.CITY_OFFICE)


def role_required(*roles: str):
    """Let signed-in users of one of `roles` (and superusers) through.

    A visitor is sent to the login page; a signed-in user of another role gets a
    404, the same answer as for an object outside their scope.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def gated(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.role in roles):
                raise Http404
            return view(request, *args, **kwargs)

        return gated

    return decorator
