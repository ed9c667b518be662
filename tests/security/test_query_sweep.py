"""No 500 anywhere: every GET route, for every role, with odd query strings.

NUL bytes, lone surrogates (sent as their raw UTF-8-style bytes), very long values
and odd Unicode go into the parameters the views read and into unknown ones. A
deterministic pass sends one hostile query to every route for every role; a
Hypothesis pass then mixes parameters and values freely.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .matrix import MATRIX
from .routes import project_routes
from .world import ROLES

# /healthz/ answers 500 by design when a dependency is down; it takes no query.
GET_ROUTES = [
    r
    for r in project_routes()
    if MATRIX[r.name].method == "get" and r.name != "healthz"
]
PARAMS = [
    "q",
    "page",
    "region",
    "kind",
    "status",
    "programme",
    "session",
    "agency",
    "topic",
    "month",
    "year",
    "date_from",
    "date_to",
    "actor",
    "action",
    "next",
    "format",
    "c",
    "code",
    "id",
    "x",
]
ODD_VALUES = [
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate
    "\udfff\ud800",
    "9" * 5000,
    "中" * 3000,
    "\u202e\u200b\ufeff",
    "ｑ１２３",  # full-width
    "e\u0301" * 50,
    "😀" * 100,
    "-1",
    "0",
    "1e308",
    "%",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "2026-13-45",
]


def _encode(value: str) -> str:
    """Percent-encode, keeping lone surrogates as the bytes a client may send."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _query(pairs) -> str:
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in pairs)


def _client(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _get(world, client, route, query: str):
    url = reverse(route.name, kwargs=MATRIX[route.name].kwargs(world.objects))
    return client.get(f"{url}?{query}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_get_route_survives_a_hostile_query(world, role):
    client = _client(world, role)
    hostile = _query(
        [(p, ODD_VALUES[n % len(ODD_VALUES)]) for n, p in enumerate(PARAMS)]
    )
    failures = []
    for route in GET_ROUTES:
        for query in (hostile, _query([(p, "\ud800") for p in PARAMS])):
            response = _get(world, client, route, query)
            if response.status_code >= 500:
                failures.append(f"{route.name}: {response.status_code}")
    assert failures == []


values = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",))
        | st.sampled_from("\x00\ud800"),
        max_size=300,
    ),
)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(GET_ROUTES),
    pairs=st.lists(st.tuples(st.sampled_from(PARAMS), values), max_size=5),
)
def test_random_queries_never_answer_500(world, role, route, pairs):
    response = _get(world, _client(world, role), route, _query(pairs))
    assert response.status_code < 500, (route.name, pairs)
