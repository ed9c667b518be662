"""Every document download writes an audit entry with the downloader and the IP."""

import pytest
from django.test import override_settings
from django.urls import reverse

from common.models import AuditEntry

from .matrix import MATRIX

DOWNLOADS = {
    "enterprises:archive_sheet": ("enterprise.archive_sheet", "county"),
    "enterprises:letter_pdf": ("reminder_letter.download", "rep"),
    "enrollment:letter_pdf": ("letter.download", "rep"),
    "enrollment:repair_form": ("repair_form.download", "trainer"),
    "certificates:download": ("certificate.download", "rep"),
    "certificates:bundle": ("certificate.bundle_download", "rep"),
    "certificates:proof_download": ("repair_proof.download", "city"),
    "enterprises:export": ("enterprise.export", "county"),
}


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_HOPS=1)
@pytest.mark.parametrize("route", sorted(DOWNLOADS))
def test_download_is_audited_with_its_ip(client, world, route):
    action, role = DOWNLOADS[route]
    user = world.users[role]
    client.force_login(user)
    url = reverse(route, kwargs=MATRIX[route].kwargs(world.objects))
    response = client.get(
        url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.44"
    )
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    entry = AuditEntry.objects.filter(action=action).latest("id")
    assert (entry.actor, entry.ip_address) == (user, "192.0.2.44")
