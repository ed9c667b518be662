"""A service's ValidationError shown on a form: each message on its field."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from common.forms import errors_flash, form_errors_add


class _Form(forms.Form):
    name = forms.CharField(required=False)
    password = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form({"name": "x", "password": "y"})
    assert form.is_valid()
    return form


def test_messages_land_on_the_fields_they_name():
    form = _bound()
    form_errors_add(form, ValidationError({"name": ["名称有误", "名称太长"]}))
    assert form.errors["name"] == ["名称有误", "名称太长"]
    assert not form.is_valid()


def test_a_field_the_form_lacks_goes_to_the_whole_form_not_a_500():
    form = _bound()
    form_errors_add(form, ValidationError({"region": "地区有误"}))
    assert form.non_field_errors() == ["地区有误"]


def test_a_message_without_a_field_goes_to_the_fallback_field():
    form = _bound()
    form_errors_add(form, ValidationError(["太短", "太常见"]), fallback="password")
    assert form.errors["password"] == ["太短", "太常见"]
    form = _bound()
    form_errors_add(form, ValidationError({"__all__": "整体有误"}), fallback="name")
    assert form.errors["name"] == ["整体有误"]


def test_plain_message_without_fallback_is_a_form_error():
    form = _bound()
    form_errors_add(form, ValidationError("不可用"))
    assert form.non_field_errors() == ["不可用"]


@pytest.mark.parametrize(
    "exc",
    [ValidationError("一条"), ValidationError({"a": ["一条"], "b": "两条"})],
)
def test_flash_shows_every_message(exc):
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    errors_flash(request, exc)
    assert sorted(m.message for m in get_messages(request)) == sorted(exc.messages)
