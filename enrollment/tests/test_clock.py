"""The test clock file moves enrollment.clock only when explicitly enabled."""

from datetime import timedelta

from django.utils import timezone

from enrollment import clock


def test_clock_file_offset_applies_only_when_enabled(settings, tmp_path):
    path = tmp_path / "clock"
    path.write_text("3600")
    settings.TEST_CLOCK_FILE = str(path)
    settings.DEBUG = False
    settings.TEST_CLOCK_ENABLED = False
    assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)
    settings.TEST_CLOCK_ENABLED = True
    assert clock.now() - timezone.now() > timedelta(minutes=59)


def test_clock_ignores_a_missing_or_garbled_file(settings, tmp_path):
    settings.TEST_CLOCK_ENABLED = True
    settings.TEST_CLOCK_FILE = str(tmp_path / "absent")
    assert clock.offset_seconds() == 0.0
    (tmp_path / "absent").write_text("soon")
    assert clock.offset_seconds() == 0.0
    settings.TEST_CLOCK_FILE = ""
    assert clock.offset_seconds() == 0.0
