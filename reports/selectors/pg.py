"""PostgreSQL tuning for the offices' grouped queries.

The funnel query carries a few correlated EXISTS per enrolment row; PostgreSQL's
planner prices them high enough to switch JIT compilation on, which then costs
seconds to save milliseconds (measured in bench/dashboard.py: 1.8 s with JIT, about
0.25 s without, on 50,000 enrolments). `SET LOCAL` limits the change to the enclosing
transaction, so nothing leaks to other queries on the same connection.
"""

from contextlib import contextmanager
from functools import wraps

from django.db import connection, transaction


@contextmanager
def jit_off():
    """Run the enclosed queries without JIT on PostgreSQL; a no-op elsewhere."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def without_jit(fn):
    """Decorator form of `jit_off` for selectors."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        with jit_off():
            return fn(*args, **kwargs)

    return wrapper
