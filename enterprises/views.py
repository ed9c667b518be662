from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render

from . import selectors


@login_required
def enterprise_list_view(request):
    """The archive list in the reader's scope, searchable by name or USCC."""
    qs = selectors.enterprise_list(user=request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "enterprises/enterprise_list.html", {"page": page, "q": q})


@login_required
def my_enterprise(request):
    if not request.user.enterprise_id:
        raise Http404
    return redirect("enterprises:detail", pk=request.user.enterprise_id)


@login_required
def enterprise_detail(request, pk: int):
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    return render(
        request, "enterprises/enterprise_detail.html", {"enterprise": enterprise}
    )
