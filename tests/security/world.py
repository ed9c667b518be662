"""A small two-region world with every kind of object the routes take.

Region A is "in scope": its representative, its agency's trainer and its county
office own the objects the matrix points at. Region B mirrors it and is the
out-of-scope side. The city office sees both. Region C lies in a second city
(Suzhou) with its own programme and city office ("city_other"), to which every
object of A and B answers 404; the provincial office ("province") reads every city.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from certificates.models import RepairApplication
from certificates.services import (
    certificate_batch_create,
    certificate_issue,
    repair_application_set,
    repair_proof_issue,
)
from courses.services import agency_course_tree_ensure
from courses.tests.factories import CoursePageFactory, LecturePageFactory
from enterprises.models import ClaimRequest
from enterprises.services import (
    import_preview,
    invitation_create,
    reminder_letter_issue,
)
from exams.models import Attempt
from exams.services import attempt_start
from exams.tests.factories import QuestionFactory, paper_for_session
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    CityFactory,
    CityOfficerFactory,
    CommitmentLetterFactory,
    CountyOfficerFactory,
    CreditOfficeFactory,
    EnrolmentFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    PlanLineFactory,
    ProgrammeFactory,
    ProvinceOfficerFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainerFactory,
    TrainingSessionFactory,
    UserFactory,
)

# The roles every route is sent as; "anon" is the anonymous client.
ROLES = (
    "anon",
    "rep",
    "rep_other",
    "trainer",
    "trainer_other",
    "county",
    "county_other",
    "city",
    "city_other",
    "province",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    # Text that must never appear in a 200 answer to each role (out-of-scope data).
    foreign: dict = field(default_factory=dict)
    objects: SimpleNamespace = field(default_factory=SimpleNamespace)


def _region_side(
    code: str, programme, suffix: str, *, courses: bool
) -> SimpleNamespace:
    region = RegionFactory(code=code, name=f"矩阵区{suffix}", city=programme.city)
    agency = AgencyFactory(regions=[region], name=f"矩阵信用服务机构{suffix}")
    enterprise = EnterpriseFactory(region=region, name=f"矩阵企业{suffix}有限公司")
    rep = RepresentativeFactory(enterprise=enterprise, real_name=f"矩阵代表{suffix}")
    trainer = TrainerFactory(agency=agency, real_name=f"矩阵讲师{suffix}")
    county = CountyOfficerFactory(
        office=CreditOfficeFactory(region=region, name=f"矩阵县信用办{suffix}")
    )
    line = PlanLineFactory(programme=programme, region=region, agency=agency)
    session = TrainingSessionFactory(plan_line=line, title=f"矩阵场次{suffix}")
    session.trainers.add(trainer)
    signed_penalty = PenaltyRecordFactory(
        enterprise=enterprise, content="责令停止违法行为并限期整改。"
    )
    letter = CommitmentLetterFactory(
        penalty=signed_penalty, signer=rep, signer_name=rep.real_name
    )
    enrolment = EnrolmentFactory(session=session, enterprise=enterprise, attendee=rep)
    AttendanceFactory(enrolment=enrolment, attended_seconds=3 * 3600)
    question = QuestionFactory(agency=agency)
    paper = paper_for_session(session=session)
    attempt = attempt_start(enrolment=enrolment, candidate=rep)
    # A passed sitting next to the open one, so that the certificate routes have a
    # certificate while the exam routes still have an open attempt.
    Attempt.objects.create(
        paper=paper,
        enrolment=enrolment,
        candidate=rep,
        number=attempt.number + 1,
        status=Attempt.Status.SUBMITTED,
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        submitted_at=attempt.started_at,
        score=attempt.max_score,
        max_score=attempt.max_score,
        passed=True,
    )
    certificate = certificate_issue(enrolment=enrolment, exam_score=90)
    certificate_batch = certificate_batch_create(
        session=session, actor=trainer, kind="zip"
    )
    for status in (
        RepairApplication.Status.SUBMITTED,
        RepairApplication.Status.APPROVED,
    ):
        repair = repair_application_set(
            penalty=signed_penalty,
            status=status,
            on=certificate.issued_at.date(),
            actor=rep,
        )
    unsigned_penalty = PenaltyRecordFactory(enterprise=enterprise)
    reminder = reminder_letter_issue(enterprise=enterprise, actor=county)
    csv = (
        "企业名称,统一社会信用代码\n"
        f"矩阵导入企业{suffix},{EnterpriseFactory.build().uscc}\n"
    ).encode()
    batch = import_preview(region=region, filename="名单.csv", data=csv, actor=county)
    unclaimed = EnterpriseFactory(region=region, name=f"矩阵待认领企业{suffix}")
    invitation = invitation_create(enterprise=unclaimed, actor=county)
    claim = ClaimRequest.objects.create(
        applicant=UserFactory(real_name=f"矩阵认领人{suffix}"),
        applicant_role=ClaimRequest.ApplicantRole.LEGAL_REPRESENTATIVE,
        uscc=unclaimed.uscc,
        company_name=unclaimed.name,
        region=region,
        enterprise=unclaimed,
        licence=SimpleUploadedFile("licence.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    if courses:  # Wagtail pages need the site the migrations create
        tree = agency_course_tree_ensure(agency=agency)
        course = CoursePageFactory(parent=tree, title=f"矩阵课程{suffix}")
        lecture = LecturePageFactory(parent=course)
    return SimpleNamespace(**locals())


def world_build(*, courses: bool = True) -> World:
    """Create both regions' people and objects; returns handles to all of them.

    `courses=False` leaves out the Wagtail course pages (for transactional tests,
    whose flushed database has no Wagtail site)."""
    programme = ProgrammeFactory(name="矩阵测试培训")
    a = _region_side("71", programme, "甲", courses=courses)
    b = _region_side("72", programme, "乙", courses=courses)
    suzhou = CityFactory(code="320500", name="苏州市", short_name="苏州")
    programme_sz = ProgrammeFactory(name="矩阵苏州培训", city=suzhou)
    c = _region_side("71", programme_sz, "丙", courses=courses)
    city = CityOfficerFactory(real_name="矩阵市信用办")
    city_other = CityOfficerFactory(
        real_name="矩阵苏州市信用办",
        office__city=suzhou,
        office__name="矩阵苏州市信用办",
    )
    province = ProvinceOfficerFactory(real_name="矩阵省信用办")
    for side in (a, b):
        side.proof = repair_proof_issue(application=side.repair, actor=city)
    c.proof = repair_proof_issue(application=c.repair, actor=city_other)
    world = World()
    world.users = {
        "anon": None,
        "rep": a.rep,
        "rep_other": b.rep,
        "trainer": a.trainer,
        "trainer_other": b.trainer,
        "county": a.county,
        "county_other": b.county,
        "city": city,
        "city_other": city_other,
        "province": province,
    }
    marks_a = [a.enterprise.name, a.enterprise.uscc, a.rep.real_name]
    marks_b = [b.enterprise.name, b.enterprise.uscc, b.rep.real_name]
    marks_c = [c.enterprise.name, c.enterprise.uscc, c.rep.real_name]
    world.foreign = {
        "anon": marks_a + marks_b + marks_c,
        "rep": marks_b + marks_c,
        "rep_other": marks_a + marks_c,
        "trainer": marks_b + marks_c,
        "trainer_other": marks_a + marks_c,
        "county": marks_b + marks_c,
        "county_other": marks_a + marks_c,
        "city": marks_c,
        "city_other": marks_a + marks_b,
        "province": [],
    }
    world.objects = SimpleNamespace(
        a=a, b=b, c=c, programme=programme, city=city, city_other=city_other
    )
    return world
