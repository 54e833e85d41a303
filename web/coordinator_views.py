"""Regional coordinators' comparison on the public host: their areas' municipalities side by side.

Coordinators sign in on the public host (``/accounts/login/``, public-schema accounts); each
sees only the employment areas an operator gave them (``benchmarking.CoordinatorRegion``),
operators see every area. Only published, disclosure-controlled cells are read.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import permission_action
from benchmarking.comparison import (
    comparison_get,
    region_choices,
    region_latest_run,
    regions_visible_to,
)
from benchmarking.selectors import coordinator_list, run_list_recent
from benchmarking.services import coordinator_regions_set
from tenants.models import Region
from tenants.selectors import region_list

from .benchmarking_common import (
    SelectionForm,
    breakdown_label,
    metric_label,
    municipalities_chart,
    table_rows,
    trend_chart,
)
from .benchmarking_export import comparison_csv, comparison_pdf, comparison_xlsx


def _comparison(request):
    """The region the user may see, the form, and the chosen comparison (or None)."""
    regions = list(regions_visible_to(request.user))
    slug = request.GET.get("alue")
    if slug:
        region = next((r for r in regions if r.slug == slug), None)
        if region is None:  # another coordinator's area looks the same as none at all
            raise Http404
    else:
        region = regions[0] if regions else None
    if region is None:
        return regions, None, None, None
    run = region_latest_run(region_id=region.pk)
    choices = region_choices(run=run, region_id=region.pk)
    data = request.GET if "metric" in request.GET else None
    form = SelectionForm(data, choices=choices)
    selection = form.selection()
    comparison = comparison_get(region=region, run=run, **selection) if selection else None
    return regions, region, form, comparison


def _title(comparison) -> str:
    return (
        f"{comparison.region.name}: {metric_label(comparison.metric)}, {comparison.period}, "
        f"{breakdown_label(comparison.dimension, comparison.category)}"
    )


@permission_action("benchmarking.compare")
def coordinator_overview(request):
    regions, region, form, comparison = _comparison(request)
    context = {
        "regions": regions,
        "region": region,
        "form": form,
        "comparison": comparison,
        "query": request.GET.urlencode(),
    }
    if comparison is not None:
        context.update(
            title=_title(comparison),
            rows=table_rows(comparison),
            chart=municipalities_chart(comparison),
            trend=trend_chart(comparison),
        )
    return render(request, "web/benchmarking/coordinator.html", context)


@permission_action("benchmarking.compare")
def coordinator_export(request, fmt: str):
    _regions, _region, _form, comparison = _comparison(request)
    if comparison is None or not comparison.municipalities:
        raise Http404
    rows = table_rows(comparison)
    title = _title(comparison)
    stem = f"vertailu-{comparison.region.slug}-{comparison.period}"
    if fmt == "csv":
        response = HttpResponse(comparison_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            comparison_xlsx(rows, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        charts = [c for c in (municipalities_chart(comparison), trend_chart(comparison)) if c]
        response = HttpResponse(
            comparison_pdf(
                comparison=comparison,
                rows=rows,
                title=gettext("Comparison of municipalities") + ": " + title,
                charts=charts,
                language=get_language() or "fi",
            ),
            content_type="application/pdf",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@permission_action("benchmarking.run.view")
def operator_runs(request):
    """Operators follow the runs: each municipality's status, error class and seconds."""
    return render(request, "web/benchmarking/runs.html", {"runs": run_list_recent()})


class CoordinatorAreasForm(forms.Form):
    regions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Employment areas"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = region_list()  # type: ignore[attr-defined]


def _areas_of(user) -> list[Region]:
    """The coordinator's areas, prefetched by ``coordinator_list`` as ``areas``."""
    return [row.region for row in user.areas]


@permission_action("benchmarking.coordinator.assign")
def coordinator_regions(request):
    """Operators choose each coordinator's employment areas (a coordinator sees only those)."""
    coordinators = list(coordinator_list())
    forms_by_user = {
        user.pk: CoordinatorAreasForm(prefix=f"c{user.pk}", initial={"regions": _areas_of(user)})
        for user in coordinators
    }
    return _coordinator_regions_page(request, coordinators, forms_by_user)


def _coordinator_regions_page(request, coordinators, forms_by_user, *, status: int = 200):
    rows = [(user, forms_by_user[user.pk]) for user in coordinators]
    return render(
        request, "web/benchmarking/coordinator_regions.html", {"rows": rows}, status=status
    )


@permission_action("benchmarking.coordinator.assign")
def coordinator_regions_save(request, user_id: int):
    if request.method != "POST":
        return redirect("coordinator_regions")
    coordinators = list(coordinator_list())
    user = get_object_or_404(coordinator_list(), pk=user_id)
    form = CoordinatorAreasForm(request.POST, prefix=f"c{user.pk}")
    if form.is_valid():
        try:
            coordinator_regions_set(
                actor=request.user, user=user, regions=list(form.cleaned_data["regions"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("The employment areas of %(name)s were saved.")
                % {"name": user.get_full_name() or user.email},
            )
            return redirect("coordinator_regions")
    forms_by_user = {
        other.pk: CoordinatorAreasForm(prefix=f"c{other.pk}", initial={"regions": _areas_of(other)})
        for other in coordinators
    }
    forms_by_user[user.pk] = form
    return _coordinator_regions_page(request, coordinators, forms_by_user, status=400)
