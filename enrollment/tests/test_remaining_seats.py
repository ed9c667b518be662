"""Remaining seats count the enrolments of the session's own plan line (issue 10).

Found by the security matrix on PostgreSQL: with enrolments on two plan lines the
line subquery returned a row per line ("more than one row returned by a subquery"),
a 500 on the representative's training page; SQLite silently took the first row.
"""

import pytest

from enrollment.selectors import open_session_list
from tests.factories import (
    EnrolmentFactory,
    EnterpriseFactory,
    PlanLineFactory,
    ProgrammeFactory,
    RegionFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def test_remaining_seats_count_only_the_sessions_own_plan_line():
    programme = ProgrammeFactory()
    region, elsewhere = RegionFactory(), RegionFactory()
    other_line = PlanLineFactory(programme=programme, region=elsewhere)
    line = PlanLineFactory(programme=programme, region=region, planned_count=3)
    other = TrainingSessionFactory(plan_line=other_line, capacity=10)
    first = TrainingSessionFactory(plan_line=line, capacity=10)
    second = TrainingSessionFactory(plan_line=line, capacity=10)
    EnrolmentFactory(session=other)
    EnrolmentFactory(session=first)
    EnrolmentFactory(session=second)
    enterprise = EnterpriseFactory(region=region)
    remaining = {s.pk: s.remaining for s in open_session_list(enterprise=enterprise)}
    assert remaining == {first.pk: 1, second.pk: 1}
