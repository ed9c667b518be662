"""Governance-list files full of garbage: never a 500 or an unhandled exception,
and a refused import writes nothing."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from common.models import AuditEntry
from enterprises.importing import COLUMNS, EXAMPLE_ROW
from enterprises.models import Enterprise, ImportBatch, PenaltyRecord
from enterprises.services import enterprises_import
from tests.factories import CountyOfficerFactory, EnterpriseFactory, uscc_for

from .helpers import has_chinese, rolled_back

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = [c.header for c in COLUMNS]

garbage = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "=1+1",
            '=HYPERLINK("http://evil.example.com","点我")',
            "+cmd|' /C calc'!A0",
            "@SUM(A1:A2)",
            "-2+3",
            "2026-02-30",
            "20261301",
            "一般失信",
            "特别严重失信",
            "吊销",
            "退出",
            "９１３２０６２１ＭＡ１ＭＸＫ２Ｂ３Ｙ",
            "91320621ma1mxk2b3y",
            "\x00\x1b",
            "",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=1_000, max_value=40_000).map(lambda n: "甲" * n),
)


@st.composite
def cell(draw, column: int):
    """The example value, a valid USCC, or garbage: so some rows get far."""
    if column == 0:
        return draw(
            st.one_of(st.integers(0, 5).map(uscc_for), st.just(EXAMPLE_ROW[0]), garbage)
        )
    return draw(st.one_of(st.just(EXAMPLE_ROW[column]), garbage))


@st.composite
def tables(draw):
    header = draw(
        st.one_of(
            st.just(HEADER),
            st.permutations(HEADER).map(list),
            st.lists(
                st.one_of(st.sampled_from(HEADER), st.text(max_size=8)), max_size=22
            ),
        )
    )
    width = max(len(header), 1)
    rows = draw(
        st.lists(
            st.lists(
                st.integers(0, len(HEADER) - 1), min_size=width, max_size=width
            ).flatmap(lambda cols: st.tuples(*[cell(c) for c in cols]).map(list)),
            max_size=4,
        )
    )
    return [header, *rows]


def _csv(table, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx(table) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in table:
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def files(draw):
    kind = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "xlsx", "raw"]))
    if kind == "raw":
        name = draw(st.sampled_from(["名单.csv", "名单.xlsx"]))
        return name, draw(st.binary(max_size=200))
    table = draw(tables())
    if kind == "xlsx":
        return "名单.xlsx", _xlsx(table)
    return "名单.csv", _csv(table, kind)


def _counts() -> tuple[int, int, int]:
    return (
        Enterprise.objects.count(),
        PenaltyRecord.objects.count(),
        AuditEntry.objects.filter(action="enterprise.import").count(),
    )


@pytest.fixture
def county():
    officer = CountyOfficerFactory()
    EnterpriseFactory(region=officer.office.region, uscc=uscc_for(1))  # an update
    EnterpriseFactory(uscc=uscc_for(2))  # in another region: must be refused
    return officer


CLEAN = ("名单.csv", _csv([HEADER, [uscc_for(3), *EXAMPLE_ROW[1:]]], "utf-8"))
FOREIGN = ("名单.csv", _csv([HEADER, [uscc_for(2), *EXAMPLE_ROW[1:]]], "gbk"))


@FUZZ
@given(upload=files())
@example(upload=CLEAN)
@example(upload=FOREIGN)
def test_import_service_refuses_garbage_cleanly_and_writes_nothing_on_error(
    county, upload
):
    filename, data = upload
    with rolled_back():
        before = _counts()
        try:
            summary, errors = enterprises_import(
                region=county.office.region, filename=filename, data=data, actor=county
            )
        except ValidationError as exc:
            assert all(has_chinese(m) for m in exc.messages)
            assert _counts() == before
            return
        if errors:
            assert summary is None and _counts() == before
            assert all(has_chinese(e.message) for e in errors)
        else:
            assert _counts()[2] == before[2] + 1  # a clean import is audited once
        # The enterprise archived in another region never moves here.
        assert not Enterprise.objects.filter(
            uscc=uscc_for(2), region=county.office.region
        ).exists()


@FUZZ
@given(upload=files())
@example(upload=CLEAN)
def test_import_pages_never_500_and_a_refused_batch_writes_nothing(county, upload):
    filename, data = upload
    client = Client()
    client.force_login(county)
    with rolled_back():
        before = _counts()
        response = client.post(
            reverse("enterprises:import"),
            {
                "region": county.office.region.pk,
                "file": SimpleUploadedFile(filename, data),
            },
        )
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert _counts() == before
            return
        batch = ImportBatch.objects.latest("pk")
        assert client.get(response["Location"]).status_code == 200
        committed = client.post(response["Location"])
        assert committed.status_code in (200, 302)
        batch.refresh_from_db()
        if batch.errors:
            assert batch.status != ImportBatch.Status.COMMITTED
            assert _counts() == before


def test_the_clean_example_really_imports(county):
    # Guards the fuzz above: its clean example reaches the writing path.
    summary, errors = enterprises_import(
        region=county.office.region, filename=CLEAN[0], data=CLEAN[1], actor=county
    )
    assert errors == [] and summary.created == 1
