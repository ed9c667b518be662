"""Hypothesis fuzzing: USCC validator, list import, enrolment, exam answers and
sign-in codes. Budgets are small (see each @settings) so the lot stays under two
minutes on SQLite."""
