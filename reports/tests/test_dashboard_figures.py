import pytest

from reports.selectors import funnel_by_region

pytestmark = pytest.mark.django_db


def _figures(row):
    return (row.planned, row.enrolled, row.signed, row.attended)


@pytest.mark.smoke
def test_city_funnel_matches_the_hand_count(world):
    rows, total = funnel_by_region(user=world["city"], programme=world["p"])
    by_label = {row.label: _figures(row) for row in rows}
    assert by_label["海安市"] == (10, 4, 3, 2)
    assert by_label["如皋市"] == (5, 1, 1, 1)
    assert by_label["行业领域（不分地区）"] == (3, 0, 0, 0)
    assert _figures(total) == (18, 5, 4, 3)


def test_funnel_without_a_programme_adds_every_programme(world):
    rows, total = funnel_by_region(user=world["city"])
    assert _figures(rows[0]) == (17, 5, 4, 3)
    assert _figures(total) == (25, 6, 5, 4)


def test_county_funnel_holds_only_its_own_region(world):
    rows, total = funnel_by_region(user=world["county_a"], programme=world["p"])
    assert [row.label for row in rows] == ["海安市"]
    assert _figures(total) == (10, 4, 3, 2)


def test_repair_rate_is_approved_over_eligible_against_the_target(world):
    rows, total = funnel_by_region(user=world["city"], programme=world["p"])
    assert total.repair_rate is None and not total.meets_target
    total.rate_eligible, total.rate_approved = 5, 3
    assert total.repair_rate == pytest.approx(0.6)
    assert not total.meets_target
    total.rate_approved = 4
    assert total.meets_target
