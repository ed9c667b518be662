"""Demo certificate settings, one issued certificate and its repair application.

All people, numbers and decisions are fictional. Runs after the enrollment demo.
"""

import datetime
import hashlib
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from certificates.models import (
    Certificate,
    ProgrammeCertificateSettings,
    RepairApplication,
)
from certificates.services import _build_certificate
from enrollment.models import Attendance, CommitmentLetter, Enrolment, Programme
from enterprises.models import PenaltyRecord

# Serial prefixes by city code, as the offices abbreviate them.
CITY_PREFIX = {"320600": "NT", "320500": "SZ", "320800": "HA", "320400": "CZ"}
DEMO_REPRESENTATIVE = "13900000401"


def _settings() -> int:
    made = 0
    for programme in Programme.objects.all():
        prefix = CITY_PREFIX.get(programme.city.code, "XY") + str(programme.year)
        _, created = ProgrammeCertificateSettings.objects.get_or_create(
            programme=programme, defaults={"serial_prefix": prefix}
        )
        made += created
    return made


def _prerequisites(enrolment: Enrolment, signer: User) -> None:
    """A penalty with a signed letter and met attendance for the demo enterprise."""
    enterprise = enrolment.enterprise
    if not enterprise.penalties.exists():
        PenaltyRecord.objects.create(
            enterprise=enterprise,
            decision_no="通示市监罚〔2022〕101号",
            authority="南通市示例市场监督管理局",
            decision_date=datetime.date(2022, 3, 10),
            content="责令停止违法行为，罚款人民币五千元。（演示数据）",
        )
    for penalty in enterprise.penalties.filter(commitment_letter__isnull=True):
        text = f"（演示）{enterprise.name}就{penalty.decision_no}作出信用修复承诺。"
        CommitmentLetter.objects.create(
            penalty=penalty,
            enterprise=enterprise,
            signer=signer,
            signer_name=signer.real_name or "演示代表",
            id_type=CommitmentLetter.IdType.RESIDENT_ID,
            id_last4="0012",
            rendered_text=text,
            text_sha256=hashlib.sha256(text.encode()).hexdigest(),
            signed_at=enrolment.session.starts_at - datetime.timedelta(days=1),
            ip_address="127.0.0.1",
        )
    profile = enrolment.programme.rule_profile
    Attendance.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "signed_in_at": enrolment.session.starts_at,
            "signin_method": Attendance.Method.CODE,
            "attended_seconds": profile.min_class_hours
            * profile.class_hour_minutes
            * 60,
        },
    )


def seed(*, stdout=None) -> None:
    """Certificate settings per programme; a certificate for the demo enterprise."""
    made = _settings()
    rep = User.objects.filter(username=DEMO_REPRESENTATIVE).first()
    enrolment = (
        Enrolment.objects.filter(
            enterprise_id=getattr(rep, "enterprise_id", None),
            status=Enrolment.Status.ENROLLED,
        )
        .select_related("session", "programme__rule_profile", "enterprise")
        .first()
    )
    if rep is None or enrolment is None:
        if stdout:
            stdout.write("结业证明：没有演示报名，跳过示例证明。")
        return
    certificate = Certificate.objects.filter(
        enrolment=enrolment, status=Certificate.Status.VALID
    ).first()
    if certificate is None:
        _prerequisites(enrolment, rep)
        # The demo certificate stands for one issued before the exam went online,
        # so it is built directly instead of through an exam pass.
        certificate = _build_certificate(
            enrolment=enrolment,
            exam_score=Decimal("92"),
            actor=None,
            now=timezone.now(),
        )
    penalty = certificate.penalties.first()
    if (
        penalty is not None
        and not RepairApplication.objects.filter(penalty=penalty).exists()
    ):
        today = timezone.localdate()
        RepairApplication.objects.create(
            penalty=penalty,
            enterprise=enrolment.enterprise,
            certificate=certificate,
            status=RepairApplication.Status.SUBMITTED,
            prepared_on=today,
            submitted_on=today,
            note="已在“信用中国”网站提交（演示）。",
            updated_by=rep,
        )
    if stdout:
        stdout.write(f"结业证明：{made} 个项目设置，示例证明 {certificate.serial}。")
