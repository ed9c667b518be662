import pytest

from certificates.models import Certificate, RepairApplication
from demo import certificates as demo
from tests.factories import EnrolmentFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_issues_one_certificate_and_is_idempotent():
    rep = RepresentativeFactory(username=demo.DEMO_REPRESENTATIVE)
    EnrolmentFactory(
        enterprise=rep.enterprise, session__plan_line__region=rep.enterprise.region
    )
    demo.seed()
    demo.seed()
    certificate = Certificate.objects.get()
    assert certificate.decision_numbers
    assert RepairApplication.objects.count() == 1
