import io

import pytest
from pypdf import PdfReader

from common.pdf import font_css, html_to_pdf, qr_png_data_uri, render_pdf

pytestmark = pytest.mark.smoke


def test_chinese_text_comes_back_out_of_the_pdf():
    html = (
        f"<html><head><style>{font_css()}</style></head><body>"
        "<p>南通恒达机械制造有限公司 通信用函﹝2022﹞14号 信用修复承诺书</p>"
        f'<img src="{qr_png_data_uri("http://127.0.0.1:8000/verify/x/")}">'
        "</body></html>"
    )
    reader = PdfReader(io.BytesIO(html_to_pdf(html)))
    text = reader.pages[0].extract_text()
    assert "南通恒达机械制造有限公司" in text
    assert "信用修复承诺书" in text
    assert "通信用函﹝2022﹞14号" in text


def test_latin_digits_and_quotes_come_out_too():
    # USCCs, decision numbers and dates are Latin and digits; “” quote 信用中国.
    html = (
        f"<html><head><style>{font_css()}</style></head><body>"
        "<p>91320621MA1MXK2B3M 通X罚决字〔2026〕12号 2026-11-23 “信用中国”</p>"
        "</body></html>"
    )
    text = PdfReader(io.BytesIO(html_to_pdf(html))).pages[0].extract_text()
    for fragment in ("91320621MA1MXK2B3M", "〔2026〕12号", "2026-11-23", "“信用中国”"):
        assert fragment in text


def test_the_cjk_font_is_embedded_as_a_subset():
    pdf = render_pdf("pdf/base.html", {})
    reader = PdfReader(
        io.BytesIO(
            html_to_pdf(
                f"<html><head><style>{font_css()}</style></head><body><p>中文</p></body></html>"
            )
        )
    )
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(fonts[key].get_object()["/BaseFont"]) for key in fonts]
    # A "+" after the six-letter tag marks an embedded subset (PDF 32000 9.6.4).
    assert any("+WenQuanYi" in name for name in names), names
    assert pdf.startswith(b"%PDF")
