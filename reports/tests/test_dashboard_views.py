import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.selectors import user_scope
from reports.tests.factories import enrol
from tests.factories import EnterpriseFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def _funnel_cells(html: str, label: str) -> list[str]:
    row = re.search(
        rf"<tr>\s*<td>(?:<a [^>]*>)?{label}(?:</a>)?</td>(.*?)</tr>", html, re.S
    )
    assert row, label
    return re.findall(r'<td class="text-end">(\d+)</td>', row.group(1))


@pytest.mark.smoke
def test_city_dashboard_shows_the_hand_counted_figures(client, world):
    client.force_login(world["city"])
    response = client.get(reverse("reports:dashboard"), {"programme": world["p"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert _funnel_cells(html, "海安市")[:4] == ["10", "4", "3", "2"]
    assert _funnel_cells(html, "如皋市")[:4] == ["5", "1", "1", "1"]
    assert "<svg" in html and "各地区计划完成情况" in html


def test_county_dashboard_opens_its_region_and_404s_for_another(client, world):
    client.force_login(world["county_a"])
    url = reverse("reports:dashboard")
    assert client.get(url, {"region": "01"}).status_code == 200
    assert client.get(url, {"region": "02"}).status_code == 404
    html = client.get(url).content.decode()
    assert "海安市" in html and "如皋市" not in html


@pytest.mark.parametrize("name", ["dashboard", "lists", "sessions", "agencies"])
def test_pages_are_404_for_enterprises_and_trainers(client, world, name):
    client.force_login(TrainerFactory())
    assert client.get(reverse(f"reports:{name}")).status_code == 404


def _grow(world, n):
    for _ in range(n):
        enrol(world["sa"], signed=True, attended_minutes=200)
        enrol(world["sb"], signed=None, attended_minutes=10)


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, world, django_assert_num_queries
):
    client.force_login(world["city"])
    url = reverse("reports:dashboard")
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 15)
    EnterpriseFactory.create_batch(5, region=world["a"])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_funnel_selector_query_count_is_the_same_at_two_sizes(
    world, django_assert_num_queries
):
    from reports.selectors import funnel_by_region

    user_scope(user=world["city"])  # the city's regions: once per request
    with CaptureQueriesContext(connection) as small:
        funnel_by_region(user=world["city"], programme=world["p"])
    # regions, plan, funnel, repair rate (+ savepoint and SET LOCAL jit on PostgreSQL)
    assert len(small.captured_queries) <= 8
    _grow(world, 20)
    with django_assert_num_queries(len(small.captured_queries)):
        rows, total = funnel_by_region(user=world["city"], programme=world["p"])
    assert total.enrolled == 5 + 40
    assert total.attended == 3 + 20
