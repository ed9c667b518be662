"""Signing a commitment letter on a touch phone: names from the archive are already
filled in, and a signature drawn with a finger is accepted."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from enrollment.models import CommitmentLetter
from tests.browser.conftest import login
from tests.factories import (
    EnterpriseFactory,
    PenaltyRecordFactory,
    RepresentativeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _finger_stroke(page, box) -> None:
    """A zig-zag drawn with one finger through the DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    touch = "Input.dispatchTouchEvent"
    x, y = box["x"] + 20, box["y"] + box["height"] * 0.7
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 9):
        point = {
            "x": x + step * box["width"] / 10,
            "y": box["y"] + box["height"] * (0.3 if step % 2 else 0.7),
        }
        cdp.send(touch, {"type": "touchMove", "touchPoints": [point]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})


def test_letter_signed_with_a_finger_on_a_phone(live_server_url, new_page):
    enterprise = EnterpriseFactory(
        legal_representative="王建国", legal_representative_id_last4="123X"
    )
    penalty = PenaltyRecordFactory(enterprise=enterprise)
    rep = RepresentativeFactory(enterprise=enterprise)
    page = new_page(phone=True, touch=True)
    login(page, live_server_url, rep.username, "pass-1234")
    page.goto(live_server_url + reverse("enrollment:letter_sign", args=[penalty.pk]))
    # Pre-filled from the archive, in the form and in the letter's preview.
    expect(page.locator("input[name=signer_name]")).to_have_value("王建国")
    expect(page.locator("input[name=id_last4]")).to_have_value("123X")
    preview = page.locator("pre.letter-text")
    expect(preview).to_contain_text("法定代表人姓名：王建国")
    expect(preview).to_contain_text("证件类型：居民身份证")
    expect(preview).to_contain_text("号码后四位123X")

    pad = page.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    _finger_stroke(page, pad.bounding_box())
    submit = page.locator("#letter-form [type=submit]")
    submit.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const y = scrollY; return new Promise("
        "r => setTimeout(() => r(scrollY === y), 300)); }"
    )
    # Chromium takes a tap within about a second of a touch gesture as part of it
    # (no click); a person lifts the finger and looks first.
    page.wait_for_timeout(1000)
    page.locator("input[name=confirm]").tap()
    expect(page.locator("input[name=confirm]")).to_be_checked()
    with page.expect_navigation():
        submit.tap()
    expect(page.locator(".alert-success").first).to_be_visible()
    letter = CommitmentLetter.objects.get(penalty=penalty)
    assert letter.signature_kind == "drawn"
    assert letter.signer_name == "王建国"
    assert "法定代表人姓名：王建国" in letter.rendered_text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
