import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from common.audit import audit_request, audits_view
from common.models import AuditEntry
from tests.factories import CityOfficerFactory

pytestmark = pytest.mark.django_db


def test_audits_view_records_successful_answers_only():
    @audits_view(action="demo.view", scope=lambda request, **kw: f"企业 {kw['pk']}")
    def view(request, pk):
        if pk == 404:
            raise Http404
        return HttpResponse("ok")

    request = RequestFactory().get("/x/?q=abc", REMOTE_ADDR="10.0.0.9")
    request.user = CityOfficerFactory()
    view(request, pk=7)
    with pytest.raises(Http404):
        view(request, pk=404)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.kind, entry.scope) == ("demo.view", "view", "企业 7")
    assert entry.detail == {"path": "/x/", "query": "q=abc", "pk": "7"}
    assert entry.ip_address == "10.0.0.9" and entry.actor == request.user


def test_audit_request_records_an_export_with_its_query():
    request = RequestFactory().get("/reports/lists/export.csv", {"region": "01"})
    request.user = CityOfficerFactory()
    audit_request(request, action="demo.export", kind=AuditEntry.Kind.EXPORT)
    entry = AuditEntry.objects.get()
    assert entry.kind == "export" and entry.detail["query"] == "region=01"
