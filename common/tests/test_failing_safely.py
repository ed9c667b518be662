"""Error pages in Chinese, no 500 on NUL bytes, unrouted WebSockets closed."""

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import CountyOfficerFactory


@pytest.mark.django_db
def test_404_page_is_chinese_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "navbar" in html


@pytest.mark.django_db
def test_404_page_is_english_when_english_is_chosen(client):
    client.cookies["django_language"] = "en"
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/courses/search/?q=%00", "/enterprises/?q=a%00b"])
def test_nul_byte_in_a_query_answers_400_in_chinese(client, path):
    client.force_login(CountyOfficerFactory())
    response = client.get(path)
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@pytest.mark.django_db
def test_search_with_a_nul_byte_anonymous_is_not_500(client):
    assert client.get("/courses/search/", {"q": "\x00"}).status_code == 400


@pytest.mark.django_db
def test_csrf_failure_page_is_chinese(client):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("accounts:login"), {"username": "x"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="common.tests.urls_boom")
def test_500_page_is_chinese():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()


@pytest.mark.django_db(transaction=True)
async def test_websocket_on_an_unrouted_path_is_closed_not_500():
    from config.asgi import application

    communicator = WebsocketCommunicator(
        application, "/ws/no-such-route/", headers=[(b"origin", b"http://testserver")]
    )
    connected, code = await communicator.connect()
    assert connected is False
    assert code == 4404
    await communicator.disconnect()
