import pytest

from common.pdf import font_css, html_to_pdf
from common.tests.pdf_lines import line_rule_violations, pdf_lines
from common.typesetting import WORD_JOINER, break_opportunities, nobr

pytestmark = pytest.mark.smoke

SAMPLE = (
    "经查，贵单位在“信用中国”网站公示有以下行政处罚信息：通示罚决字〔2022〕0158号，"
    "决定日期2022年10月15日，统一社会信用代码91320621MA1MXK2B3M。根据信用修复有关"
    "规定（《失信行为纠正后的信用信息修复管理办法》），请访问"
    "http://127.0.0.1:8000/v/7K3M9QXA/ 核验。"
)
TOKENS = [
    "通示罚决字〔2022〕0158号",
    "2022年10月15日",
    "91320621MA1MXK2B3M",
    "http://127.0.0.1:8000/v/7K3M9QXA/",
]


def _pdf(body: str, *, width_cm: float = 10) -> bytes:
    return html_to_pdf(
        f"<html><head><style>{font_css()}"
        f"@page {{ size: {width_cm + 2}cm 40cm; margin: 1cm; }}"
        "body { font-size: 11pt; }</style></head>"
        f"<body>{body}</body></html>"
    )


def test_br_ends_the_line_in_cjk_text():
    body = "<p>第一行<br>第二行</p><p>签署人：李四<br>证件：身份证</p>"
    lines = pdf_lines(_pdf(body))
    assert lines == ["第一行", "第二行", "签署人：李四", "证件：身份证"]


@pytest.mark.parametrize("width_cm", [6.6, 7.0, 7.7, 8.4, 9.9, 11.1, 12.5, 17.0])
def test_no_line_starts_with_closing_or_splits_a_token(width_cm):
    data = _pdf(f"<p>{SAMPLE}</p><p class='serif'>{SAMPLE}</p>", width_cm=width_cm)
    assert line_rule_violations(data, tokens=TOKENS) == []
    # nothing is lost on the way
    assert "".join(pdf_lines(data)).count("核验。") == 2


def test_rules_hold_at_every_width_of_a_punctuation_heavy_line():
    text = (
        "单位名称：（加盖公章）日期：2026年1月2日。"
        "编号：〔2026〕12号；《承诺书》、「附件」！"
    )
    for step in range(30):
        width = 3 + step * 0.23
        assert line_rule_violations(_pdf(f"<p>{text * 2}</p>", width_cm=width)) == []


def test_break_opportunities_keep_numbers_with_their_unit():
    text = "于10月15日送达"
    allowed = break_opportunities(text)
    assert not allowed[text.index("0")]  # 1|0
    assert not allowed[text.index("月")]  # 10|月
    assert allowed[text.index("送")]


def test_nobr_joins_and_the_joiner_never_reaches_the_pdf():
    assert nobr("AB") == f"A{WORD_JOINER}B"
    data = _pdf(f"<p>验证码 {nobr('NT2022-01-0001-7K3M9QXA')} 请核验</p>", width_cm=5.5)
    lines = pdf_lines(data)
    assert any("NT2022-01-0001-7K3M9QXA" in line for line in lines)
    assert WORD_JOINER not in "".join(lines)


def test_a_token_wider_than_the_line_is_cut_rather_than_overflowing():
    data = _pdf("<p>" + "1234567890" * 8 + "</p>", width_cm=3)
    assert "".join(pdf_lines(data)) == "1234567890" * 8
    assert len(pdf_lines(data)) > 1


def test_nobr_filter_escapes_then_joins():
    from django.template import Context, Template

    out = Template("{% load typesetting %}{{ v|nobr }}").render(Context({"v": "<A>"}))
    assert out.replace(WORD_JOINER, "") == "&lt;A&gt;"
    assert WORD_JOINER in out
