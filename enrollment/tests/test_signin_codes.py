import datetime as dt

import pytest

from enrollment.live import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_seconds_left,
    signin_code_for,
    signin_code_valid,
)
from tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 24, 1, 0, 0, tzinfo=dt.UTC)


def test_code_has_six_chars_without_look_alikes():
    session = TrainingSessionFactory()
    code = signin_code_for(session=session, at=T0)
    assert len(code) == CODE_LENGTH >= 6
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OI") & set(CODE_ALPHABET)


@pytest.mark.smoke
def test_code_rotates_every_window_with_one_window_grace(settings):
    settings.SIGNIN_CODE_WINDOW_SECONDS = 30
    session = TrainingSessionFactory()
    code = signin_code_for(session=session, at=T0)
    assert signin_code_valid(
        session=session, code=code, at=T0 + dt.timedelta(seconds=29)
    )
    assert signin_code_valid(
        session=session, code=code, at=T0 + dt.timedelta(seconds=59)
    )
    assert not signin_code_valid(
        session=session, code=code, at=T0 + dt.timedelta(seconds=60)
    )
    assert signin_code_for(session=session, at=T0 + dt.timedelta(seconds=30)) != code


def test_code_is_per_session_secret():
    one, two = TrainingSessionFactory(), TrainingSessionFactory()
    code = signin_code_for(session=one, at=T0)
    assert not signin_code_valid(session=two, code=code, at=T0)


def test_code_typed_in_lower_case_with_spaces_is_accepted():
    session = TrainingSessionFactory()
    code = signin_code_for(session=session, at=T0)
    typed = f" {code[:3].lower()} {code[3:]} "
    assert signin_code_valid(session=session, code=typed, at=T0)


def test_forged_and_malformed_codes_are_refused():
    session = TrainingSessionFactory()
    real = signin_code_for(session=session, at=T0)
    forged = ("A" if real[0] != "A" else "B") + real[1:]
    for code in [forged, "", real[:5], real + "X", None]:
        assert not signin_code_valid(session=session, code=code, at=T0)


def test_window_length_comes_from_settings(settings):
    settings.SIGNIN_CODE_WINDOW_SECONDS = 10
    assert code_seconds_left(at=T0 + dt.timedelta(seconds=3)) == 7
    session = TrainingSessionFactory()
    code = signin_code_for(session=session, at=T0)
    assert not signin_code_valid(
        session=session, code=code, at=T0 + dt.timedelta(seconds=20)
    )


@pytest.mark.parametrize("typed", ["签到码一二三", "ＡＢＣ２３４", "ABC23é"])
def test_non_ascii_code_is_simply_wrong_not_an_error(typed):
    # Found by tests/fuzz: hmac.compare_digest raised TypeError (a 500) on these.
    session = TrainingSessionFactory()
    assert not signin_code_valid(session=session, code=typed, at=T0)
