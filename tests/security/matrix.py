"""The expected answer of every route to every role.

Each entry names the URL kwargs (built from the world's objects), the method
(GET, or POST for POST-only views, sent with empty data), and the status each
role must get. Roles not named get `default` (404: out of scope or out of role);
the anonymous client gets LOGIN (a redirect to the login page) unless told.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from .world import ROLES

LOGIN = "login"  # 302 to settings.LOGIN_URL with ?next=


@dataclass(frozen=True)
class Spec:
    kwargs: Callable[[SimpleNamespace], dict]
    expect: dict
    method: str = "get"
    leak_check: bool = True  # a 200 must not show out-of-scope enterprises
    data: dict | None = None  # a POST body that passes the form, where the
    # permission check only runs on valid input


def spec(
    kwargs: Callable[[SimpleNamespace], dict] | None = None,
    *,
    method: str = "get",
    anon=LOGIN,
    default=404,
    leak_check: bool = True,
    data: dict | None = None,
    **roles,
) -> Spec:
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    # The second city's office gets what the city office gets on a page without
    # an object (its own city's list), and a 404 on every object of the first city.
    if "city_other" not in roles and kwargs is None:
        roles["city_other"] = roles.get("city", default)
    expect = dict.fromkeys(ROLES, default) | {"anon": anon} | roles
    return Spec(kwargs or (lambda o: {}), expect, method, leak_check, data)


def signed_in(status=200, **kwargs) -> Spec:
    """Any signed-in role gets `status`; the anonymous client goes to log in."""
    return spec(default=status, **kwargs)


def everyone(status=200, **kwargs) -> Spec:
    return spec(default=status, anon=status, **kwargs)


# Region A's objects, seen in scope by rep, trainer, county and city.
def _ent(o):
    return {"pk": o.a.enterprise.pk}


def _session(o):
    return {"pk": o.a.session.pk}


def _enrolment(o):
    return {"pk": o.a.enrolment.pk}


def _attempt(o):
    return {"pk": o.a.attempt.pk}


def _paper(o):
    return {"pk": o.a.paper.pk}


def _cert(o):
    return {"pk": o.a.certificate.pk}


def _batch(o):
    return {"pk": o.a.certificate_batch.pk}


def _agency(o):
    return {"pk": o.a.agency.pk}


REASON = {"reason": "矩阵测试：证书信息有误"}
# The provincial office reads every city's records (and changes none).
IN_SCOPE = {"rep": 200, "trainer": 200, "county": 200, "city": 200, "province": 200}
OFFICES = {"county": 200, "county_other": 200, "city": 200}
# The offices' reports, which the provincial office reads as well.
READERS = OFFICES | {"province": 200}
STAFF = {"trainer": 200, "trainer_other": 200, "city": 200}

NOT_REP = dict.fromkeys(
    ("trainer", "trainer_other", "county", "county_other", "city", "city_other"), 200
)
REPS = {"rep": 200, "rep_other": 200}

MATRIX: dict[str, Spec] = {
    "home": everyone(200),
    # Load balancers and monitoring probe it without signing in.
    "healthz": everyone(200, leak_check=False),
    # --- accounts ---
    "accounts:login": spec(anon=200, default=302),
    "accounts:logout": everyone(302, method="post"),
    "accounts:password_change": signed_in(200),
    "accounts:password_change_done": signed_in(200),
    "accounts:notices": signed_in(200),
    # Public pages of a signed-out visitor; a signed-in one goes home.
    "accounts:code_login": spec(anon=200, default=302),
    "accounts:password_reset": everyone(200),
    # The second factor (set-up on first use) for any signed-in user who opens it.
    "accounts:otp": signed_in(200),
    # A plain link (GET) that sets the language cookie and redirects.
    "accounts:language_switch": everyone(302, kwargs=lambda o: {"code": "en"}),
    # --- enterprises ---
    "enterprises:register": spec(anon=200, default=302),
    # Only a representative without an enterprise claims; everyone else goes home.
    "enterprises:claim": signed_in(302),
    "enterprises:claims": spec(**OFFICES),
    "enterprises:claim_detail": spec(
        lambda o: {"pk": o.a.claim.pk}, county=200, city=200
    ),
    "enterprises:claim_licence": spec(
        lambda o: {"pk": o.a.claim.pk}, county=200, city=200
    ),
    # An empty POST is a rejection without a reason: refused, back to the claim.
    "enterprises:claim_decide": spec(
        lambda o: {"pk": o.a.claim.pk}, method="post", county=302, city=302
    ),
    "enterprises:list": signed_in(200),
    "enterprises:export": spec(lambda o: {"fmt": "csv"}, province=200, **NOT_REP),
    "enterprises:mine": spec(rep=302, rep_other=302),
    "enterprises:key_list": spec(province=200, **NOT_REP),
    "enterprises:import": spec(**OFFICES),
    "enterprises:import_template": spec(**OFFICES),
    "enterprises:import_preview": spec(
        lambda o: {"batch_id": o.a.batch.pk}, county=200, city=200
    ),
    # The token is the capability: anyone holding the link may open it.
    "enterprises:invitation_accept": everyone(
        200, kwargs=lambda o: {"token": o.a.invitation.token}, leak_check=False
    ),
    "enterprises:detail": spec(_ent, **IN_SCOPE),
    # County offices read the archive; the agency fills it in, the city corrects.
    "enterprises:edit": spec(_ent, trainer=200, city=200),
    "enterprises:penalty_add": spec(_ent, trainer=200, city=200),
    "enterprises:follow_up_add": spec(_ent, method="post", trainer=302, city=302),
    "enterprises:key_assign": spec(_ent, method="post", county=302, city=302),
    "enterprises:archive_sheet": spec(_ent, **IN_SCOPE),
    "enterprises:file": spec(_ent, **IN_SCOPE),
    "enterprises:letter_issue": spec(_ent, method="post", county=302, city=302),
    "enterprises:letter_pdf": spec(
        lambda o: {"pk": o.a.enterprise.pk, "letter_id": o.a.reminder.pk}, **IN_SCOPE
    ),
    "enterprises:letter_confirm": spec(
        lambda o: {"pk": o.a.enterprise.pk, "letter_id": o.a.reminder.pk},
        method="post",
        rep=302,
        trainer=302,
        county=302,
        city=302,
        province=302,  # refused with a message: only the enterprise confirms
    ),
    # The penalty authority's own pages; no role of the matrix world is one.
    "enterprises:decisions": spec(),
    "enterprises:decision_new": spec(),
    "enterprises:decision_follow_up": spec(
        lambda o: {"pk": o.a.signed_penalty.pk}, method="post"
    ),
    "enterprises:invitation_create": spec(_ent, method="post", county=302, city=302),
    # --- courses ---
    "courses:study": signed_in(200),
    "courses:search": everyone(200),
    "courses:progress": spec(**NOT_REP),
    "courses:progress_beacon": spec(
        lambda o: {"lecture_id": o.a.lecture.pk},
        method="post",
        trainer=400,
        county=400,
        county_other=400,
        city=400,
        city_other=400,
    ),
    # --- enrollment (/training/) ---
    "enrollment:sessions": spec(**REPS),
    # Sessions are not personal data; another region's session is refused by the
    # service with a message on the training page.
    "enrollment:session_enrol": spec(_session, method="post", rep=302, rep_other=302),
    "enrollment:session_bulk": spec(_session, county=200, city=200),
    "enrollment:enrolment_detail": spec(_enrolment, **IN_SCOPE),
    "enrollment:enrolment_cancel": spec(
        _enrolment, method="post", rep=302, county=302, city=302
    ),
    "enrollment:letters": spec(**REPS),
    "enrollment:letter_sign": spec(
        lambda o: {"penalty_pk": o.a.unsigned_penalty.pk}, rep=200
    ),
    "enrollment:letter_pdf": spec(
        lambda o: {"penalty_pk": o.a.signed_penalty.pk}, **IN_SCOPE
    ),
    "enrollment:repair_form": spec(
        lambda o: {"penalty_pk": o.a.signed_penalty.pk}, **IN_SCOPE
    ),
    "enrollment:trainer_sessions": spec(**STAFF),
    "enrollment:session_create": spec(trainer=200, trainer_other=200),
    "enrollment:session_edit": spec(_session, trainer=200),
    # The world's session is open: publishing it again is refused (a message and
    # a redirect) and changes nothing for the other tests.
    "enrollment:session_transition": spec(
        lambda o: {"pk": o.a.session.pk, "name": "publish"},
        method="post",
        trainer=302,
    ),
    "enrollment:session_roster": spec(_session, trainer=200, city=200),
    "enrollment:progress": spec(**OFFICES),
    # --- live sessions (/training/live/) ---
    "enrollment:live_office_list": signed_in(200),
    "enrollment:live_attendee": spec(_session, rep=200),
    # Empty code: the fallback refuses with a message and redirects.
    "enrollment:live_attendee_action": spec(_session, method="post", rep=302),
    "enrollment:live_scan": spec(_session, rep=302),
    "enrollment:live_console": spec(_session, trainer=200),
    "enrollment:live_window": spec(
        lambda o: {"pk": o.a.session.pk, "action": "open_signin"},
        method="post",
        trainer=302,
    ),
    "enrollment:live_mark": spec(_session, method="post", trainer=302),
    "enrollment:live_board": spec(_session, trainer=200, county=200, city=200),
    # --- programmes and plans (the city office) ---
    # County offices read the plan (no personal data); only the city changes it.
    "enrollment:programmes": spec(**OFFICES),
    "enrollment:programme_create": spec(city=200),
    "enrollment:programme_detail": spec(lambda o: {"pk": o.programme.pk}, **OFFICES),
    "enrollment:plan_line_create": spec(lambda o: {"pk": o.programme.pk}, city=200),
    "enrollment:plan_line_quota": spec(lambda o: {"pk": o.a.line.pk}, city=200),
    # --- certificates, verification ---
    "verify_form": everyone(200),
    "verify_upload": everyone(200),
    # Public by design: the code is the capability and the page names the holder.
    "verify": everyone(
        200, kwargs=lambda o: {"code": o.a.certificate.verify_code}, leak_check=False
    ),
    "certificates:list": signed_in(200),
    "certificates:detail": spec(_cert, **IN_SCOPE),
    "certificates:download": spec(_cert, **IN_SCOPE),
    "certificates:bundle": spec(_cert, **IN_SCOPE),
    "certificates:revoke": spec(
        _cert, method="post", data=REASON, trainer=302, city=302
    ),
    "certificates:reissue": spec(
        _cert, method="post", data=REASON, trainer=302, city=302
    ),
    "certificates:sessions": spec(**NOT_REP),
    "certificates:session": spec(_session, trainer=200, county=200, city=200),
    # POST starts a background ZIP build and redirects to its progress page.
    "certificates:session_zip": spec(
        _session, method="post", trainer=302, county=302, city=302
    ),
    "certificates:batch": spec(_batch, trainer=200, county=200, city=200),
    # Not built yet: no download for anyone (and out of scope is 404 anyway).
    "certificates:batch_download": spec(_batch),
    "certificates:seal": spec(trainer=200, trainer_other=200),  # an agency's seal
    "certificates:repairs": signed_in(200, rep=302, rep_other=302),
    "certificates:repair_set": spec(
        lambda o: {"penalty_pk": o.a.signed_penalty.pk},
        method="post",
        data={"status": "submitted", "on": "2026-11-20", "note": ""},
        rep=302,
        trainer=302,
        city=302,
    ),
    "certificates:proof_issue": spec(
        lambda o: {"pk": o.a.repair.pk}, method="post", city=302
    ),
    "certificates:proof_download": spec(lambda o: {"pk": o.a.proof.pk}, **IN_SCOPE),
    "certificates:proof_revoke": spec(
        lambda o: {"pk": o.a.proof.pk}, method="post", data=REASON, city=302
    ),
    # --- reports (offices) ---
    "reports:dashboard": spec(**READERS),
    "reports:lists": spec(**READERS),
    "reports:lists_export": spec(lambda o: {"fmt": "csv"}, city_other=200, **READERS),
    "reports:sessions": spec(**READERS),
    "reports:session_feedback": spec(_session, county=200, city=200, province=200),
    "reports:governance": spec(**READERS),
    "reports:agencies": spec(**READERS),
    "reports:agency_report": spec(_agency, county=200, city=200, province=200),
    "reports:agency_report_file": spec(
        lambda o: {"pk": o.a.agency.pk, "fmt": "xlsx"},
        county=200,
        city=200,
        province=200,
    ),
    "reports:agency_feedback": spec(_agency, county=200, city=200, province=200),
    "reports:feedback_mine": signed_in(200),
    # The survey opens once the session is over; the world's is a week ahead.
    "reports:feedback_answer": spec(lambda o: {"enrolment_pk": o.a.enrolment.pk}),
    "reports:audit": spec(city=200, province=200),
    "reports:audit_export": spec(
        lambda o: {"fmt": "csv"}, city=200, city_other=200, province=200
    ),
    "reports:rule_history": spec(**READERS),
    # --- exams ---
    "exams:index": signed_in(302),
    "exams:mine": spec(**REPS),
    "exams:start": spec(
        lambda o: {"enrolment_pk": o.a.enrolment.pk}, method="post", rep=302
    ),
    "exams:take": spec(_attempt, rep=200),
    "exams:answer": spec(_attempt, method="post", rep=400),
    "exams:status": spec(_attempt, rep=200),
    "exams:submit": spec(_attempt, method="post", rep=302),
    "exams:result": spec(_attempt, rep=302),
    "exams:questions": spec(**STAFF),
    "exams:question_create": spec(**STAFF),
    "exams:question_toggle": spec(
        lambda o: {"pk": o.a.question.pk}, method="post", trainer=302
    ),
    "exams:question_import": spec(**STAFF),
    "exams:question_export": spec(**STAFF),
    "exams:papers": spec(**STAFF),
    "exams:paper_create": spec(**STAFF),
    "exams:paper": spec(_paper, trainer=200, city=200),
    "exams:paper_stats": spec(_paper, trainer=200, city=200),
    "exams:results": spec(**NOT_REP),
    "exams:session_results": spec(_session, trainer=200, county=200, city=200),
    "exams:region_results": spec(**NOT_REP),
}
