import threading

import pytest
from django.db import connection

from certificates import services
from certificates.models import Certificate
from certificates.tests.factories import eligible_enrolment
from tests.factories import TrainingSessionFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_share_a_serial():
    session = TrainingSessionFactory()
    enrolments = [eligible_enrolment(session=session, penalties=0) for _ in range(6)]
    barrier = threading.Barrier(len(enrolments))
    errors = []

    def issue(enrolment):
        try:
            barrier.wait()
            services.certificate_issue(enrolment=enrolment, exam_score=80)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(e,)) for e in enrolments]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    code = session.plan_line.region.code
    assert serials == [f"XY2026-{code}-{n:04d}" for n in range(1, 7)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_enrolment_issued_twice_at_once_gets_one_certificate():
    enrolment = eligible_enrolment()
    barrier = threading.Barrier(2)
    results = []

    def issue():
        barrier.wait()
        results.append(services.certificate_issue(enrolment=enrolment, exam_score=80))
        connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({c.pk for c in results}) == 1
    assert Certificate.objects.count() == 1
