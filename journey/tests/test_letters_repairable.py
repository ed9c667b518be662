import pytest
from django.core.exceptions import ValidationError

from enrollment.services import LETTER_NOT_REPAIRABLE, letter_sign
from enterprises.models import Severity
from journey import letters_missing
from tests.factories import PenaltyRecordFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_specially_serious_penalty_needs_no_letter_and_cannot_get_one():
    rep = RepresentativeFactory()
    general = PenaltyRecordFactory(enterprise=rep.enterprise)
    special = PenaltyRecordFactory(
        enterprise=rep.enterprise, severity=Severity.SPECIALLY_SERIOUS
    )
    assert list(letters_missing(enterprise=rep.enterprise)) == [general]
    with pytest.raises(ValidationError) as info:
        letter_sign(
            actor=rep,
            penalty=special,
            signer_name="张三",
            id_type="resident_id",
            id_last4="1234",
            ip_address="127.0.0.1",
            typed_signature="张三",
        )
    assert info.value.message_dict["penalty"] == [LETTER_NOT_REPAIRABLE]
    assert not hasattr(special, "commitment_letter") or not special.commitment_letter
