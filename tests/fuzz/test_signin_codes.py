"""Random strings to the sign-in HTTP fallback sign nobody in unless they are the
current (or the grace window's) code; never a 500."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import cache_clear_own_keys
from enrollment import clock
from enrollment.live import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_window_seconds,
    normalise_code,
    signin_code_for,
    signin_window_open,
)
from enrollment.models import Attendance
from tests.factories import EnrolmentFactory, RepresentativeFactory, TrainerFactory

from .helpers import has_chinese, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(monkeypatch):
    """A session with sign-in open, its enrolled attendee, and a frozen clock."""
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    enrolment = EnrolmentFactory(
        session__starts_at=starts,
        session__ends_at=starts + datetime.timedelta(hours=3),
    )
    session = enrolment.session
    trainer = TrainerFactory(agency=session.plan_line.agency)
    session.trainers.add(trainer)
    rep = RepresentativeFactory(enterprise=enrolment.enterprise)
    enrolment.attendee = rep
    enrolment.save(update_fields=["attendee"])
    opened = starts - datetime.timedelta(minutes=10)
    signin_window_open(session=session, actor=trainer, now=opened)
    now = opened + datetime.timedelta(minutes=3)
    monkeypatch.setattr(clock, "now", lambda: now)
    session.refresh_from_db()
    window = datetime.timedelta(seconds=code_window_seconds())
    codes = {
        back: signin_code_for(session=session, at=now - back * window)
        for back in (-1, 0, 1, 2)
    }
    client = Client()
    client.force_login(rep)
    return {
        "session": session,
        "enrolment": enrolment,
        "client": client,
        "codes": codes,
    }


@st.composite
def typed_codes(draw, codes):
    """Random text, code-shaped guesses, and real codes as people mistype them."""
    real = draw(st.sampled_from(sorted(codes.values())))
    mangled = st.tuples(
        st.sampled_from(
            [str.lower, str.upper, lambda c: c[:3] + "-" + c[3:], lambda c: f" {c} "]
        ),
        st.just(real),
    ).map(lambda pair: pair[0](pair[1]))
    return draw(
        st.one_of(
            st.text(max_size=40),
            st.text(
                alphabet=CODE_ALPHABET + "01IO -", min_size=CODE_LENGTH, max_size=8
            ),
            mangled,
            st.just(real[:-1] + ("2" if real[-1] != "2" else "3")),
        )
    )


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), fetch=st.booleans())
def test_only_the_current_or_grace_code_signs_in(live, data, fetch):
    code = data.draw(typed_codes(live["codes"]))
    accepted = {live["codes"][0], live["codes"][1]}  # current and one window back
    headers = {"X-Requested-With": "fetch"} if fetch else {}
    cache_clear_own_keys()  # the wrong-code rate limit is not what this test is about
    with rolled_back():
        response = live["client"].post(
            reverse("enrollment:live_attendee_action", args=[live["session"].pk]),
            {"action": "sign_in", "code": code},
            headers=headers,
        )
        signed = Attendance.objects.filter(
            enrolment=live["enrolment"], signed_in_at__isnull=False
        ).exists()
        assert signed == (normalise_code(code) in accepted), code
        if fetch:
            assert response.status_code == (200 if signed else 400)
            if not signed:
                assert has_chinese(response.json()["message"])
        else:
            assert response.status_code == 302
