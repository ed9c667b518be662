"""Random sequences of enrol / cancel / bulk-enrol against two small sessions."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.models import Enrolment, PlanLine, TrainingSession
from enrollment.services import (
    enrolment_bulk_create,
    enrolment_cancel,
    enrolment_create,
)
from tests.factories import (
    CountyOfficerFactory,
    EnterpriseFactory,
    PlanLineFactory,
    ProgrammeFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainingSessionFactory,
)

from .helpers import has_chinese, rolled_back

pytestmark = pytest.mark.django_db
ENTERPRISES = 6  # in the line's region; index 6 is one from another region
ACTIVE = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)


@pytest.fixture
def place():
    region = RegionFactory()
    programme = ProgrammeFactory()
    line = PlanLineFactory(programme=programme, region=region, planned_count=3)
    sessions = [
        TrainingSessionFactory(plan_line=line, capacity=2),
        TrainingSessionFactory(plan_line=line, capacity=2),
    ]
    reps = [
        RepresentativeFactory(enterprise=EnterpriseFactory(region=region))
        for _ in range(ENTERPRISES)
    ]
    reps.append(RepresentativeFactory(enterprise=EnterpriseFactory()))
    county = CountyOfficerFactory(office__region=region)
    return {"line": line, "sessions": sessions, "reps": reps, "county": county}


enterprise_index = st.integers(0, ENTERPRISES)
session_index = st.integers(0, 1)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("enrol"), enterprise_index, session_index, st.booleans()),
        st.tuples(st.just("cancel"), enterprise_index, st.booleans()),
        st.tuples(
            st.just("bulk"),
            st.lists(enterprise_index, max_size=4),
            session_index,
        ),
    ),
    min_size=1,
    max_size=14,
)


def _apply(place, op) -> None:
    reps, sessions, county = place["reps"], place["sessions"], place["county"]
    if op[0] == "enrol":
        _, e, s, by_office = op
        rep = reps[e]
        enrolment_create(
            session=sessions[s],
            enterprise=rep.enterprise,
            actor=county if by_office else rep,
        )
    elif op[0] == "cancel":
        _, e, by_office = op
        enrolment = (
            Enrolment.objects.filter(enterprise=reps[e].enterprise)
            .order_by("-status", "-pk")  # sometimes an already-cancelled one
            .first()
        )
        if enrolment is not None:
            enrolment_cancel(
                enrolment=enrolment, actor=county if by_office else reps[e]
            )
    else:
        _, es, s = op
        enrolment_bulk_create(
            session=sessions[s],
            enterprises=[reps[e].enterprise for e in es],
            actor=county,
        )


def _check_invariants(place) -> None:
    line = PlanLine.objects.get(pk=place["line"].pk)
    enrolled = Enrolment.objects.filter(status=Enrolment.Status.ENROLLED)
    for session in TrainingSession.objects.filter(plan_line=line):
        taken = enrolled.filter(session=session).count()
        assert session.seats_taken == taken <= session.capacity
    assert line.enrolled_count == enrolled.filter(plan_line=line).count()
    assert line.enrolled_count <= line.planned_count
    for rep in place["reps"]:
        active = Enrolment.objects.filter(
            enterprise=rep.enterprise, programme=line.programme, status__in=ACTIVE
        )
        assert active.count() <= 1
    outsider = place["reps"][ENTERPRISES].enterprise
    assert not Enrolment.objects.filter(enterprise=outsider).exists()
    # A waitlist never waits while its session and line both have room.
    if line.enrolled_count < line.planned_count:
        for session in TrainingSession.objects.filter(plan_line=line):
            if session.seats_taken < session.capacity:
                assert not session.enrolments.filter(
                    status=Enrolment.Status.WAITLISTED
                ).exists()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=operations)
def test_random_enrolment_sequences_keep_seats_quota_and_one_per_programme(place, ops):
    with rolled_back():
        for op in ops:
            try:
                _apply(place, op)
            except ValidationError as exc:
                assert all(has_chinese(m) for m in exc.messages), exc.messages
            _check_invariants(place)
