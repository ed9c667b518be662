"""Backup and restore as the README documents it: pg_dump -Fc of a database with real
records, pg_restore into a fresh database (on a separate, private PostgreSQL), and a
server started on the restored database serves those records."""

import subprocess
import urllib.request

import pytest
from django.db import connection
from django.urls import reverse

from certificates import services
from certificates.tests.factories import eligible_enrolment
from courses.services import courses_root_ensure
from enrollment.tests.test_live_consumers import session_cookie_for
from tests.faults.private import private_postgres
from tests.servers import server_processes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_restored_dump_serves_the_same_records(tmp_path):
    enrolment = eligible_enrolment(penalties=1)
    certificate = services.certificate_issue(enrolment=enrolment, exam_score=91)
    courses_root_ensure()
    representative = enrolment.attendee
    cookie = session_cookie_for(representative)
    source = connection.settings_dict
    dump = tmp_path / "xyxf.dump"

    subprocess.run(
        ["pg_dump", "-Fc", "-h", source["HOST"] or "127.0.0.1"]
        + ["-p", str(source["PORT"] or 5432), "-U", source["USER"] or "postgres"]
        + ["-d", source["NAME"], "-f", str(dump)],
        check=True,
        timeout=120,
    )
    with private_postgres() as cluster:
        target = ["-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres"]
        subprocess.run(["createdb", *target, "xyxf_restored"], check=True, timeout=60)
        subprocess.run(
            ["pg_restore", "--no-owner", *target, "-d", "xyxf_restored", str(dump)],
            check=True,
            timeout=120,
        )
        url = cluster.url("xyxf_restored")
        with server_processes(1, DATABASE_URL=url) as (server,):
            verify = _get(server.port, f"/verify/{certificate.verify_code}/")
            courses = _get(server.port, "/learn/courses/")
            mine = _get(server.port, reverse("certificates:list"), cookie)

    assert verify[0] == 200 and certificate.serial in verify[1]
    assert courses[0] == 200 and "课程中心" in courses[1]
    assert mine[0] == 200 and certificate.serial in mine[1]
