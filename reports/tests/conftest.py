"""A small hand-counted world for the dashboard tests.

Programme P, regions 01 (plan 10) and 02 (plan 5), plus a sector line (plan 3):
  region 01: e1 signed, 180 min | e2 signed, 120 min | e3 unsigned, 200 min
             e5 no penalty (no letter needed: signed), absent
             e4 waitlisted (not counted)
  region 02: e6 signed, 180 min | e7 cancelled (not counted)
Programme Q, region 01: e8 signed, 180 min (only when no programme is chosen).
"""

import pytest

from enrollment.models import Enrolment
from tests.factories import (
    CityOfficerFactory,
    CountyOfficerFactory,
    PlanLineFactory,
    ProgrammeFactory,
    RegionFactory,
    TrainingSessionFactory,
)

from .factories import enrol


@pytest.fixture
def world(db):
    a = RegionFactory(code="01", name="海安市")
    b = RegionFactory(code="02", name="如皋市")
    p = ProgrammeFactory(name="2026年测试培训P")
    q = ProgrammeFactory(name="2026年测试培训Q")
    line_a = PlanLineFactory(programme=p, region=a, planned_count=10)
    line_b = PlanLineFactory(programme=p, region=b, planned_count=5)
    PlanLineFactory(programme=p, region=None, label="卫生健康领域", planned_count=3)
    line_qa = PlanLineFactory(programme=q, region=a, planned_count=7)
    sa = TrainingSessionFactory(plan_line=line_a, title="海安第1期")
    sb = TrainingSessionFactory(plan_line=line_b, title="如皋第1期")
    sq = TrainingSessionFactory(plan_line=line_qa, title="Q海安第1期")
    e = {
        "e1": enrol(sa, signed=True, attended_minutes=180),
        "e2": enrol(sa, signed=True, attended_minutes=120),
        "e3": enrol(sa, signed=None, attended_minutes=200),
        "e4": enrol(sa, signed=True, status=Enrolment.Status.WAITLISTED),
        "e5": enrol(sa),
        "e6": enrol(sb, signed=True, attended_minutes=180),
        "e7": enrol(
            sb, signed=True, attended_minutes=180, status=Enrolment.Status.CANCELLED
        ),
        "e8": enrol(sq, signed=True, attended_minutes=180),
    }
    return {
        "a": a,
        "b": b,
        "p": p,
        "q": q,
        "sa": sa,
        "sb": sb,
        "sq": sq,
        "e": e,
        "city": CityOfficerFactory(username="city1"),
        "county_a": CountyOfficerFactory(username="county01", office__region=a),
        "county_b": CountyOfficerFactory(username="county02", office__region=b),
    }
