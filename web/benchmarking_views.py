"""The municipality's own figures against its employment area's, and the choice to take part.

Reads the published snapshot cells (public schema, read only) of the latest run that
published the municipality's area; the figures are exactly what coordinators see.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import connection
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import permission_action
from benchmarking.comparison import (
    comparison_get,
    municipality_region,
    region_choices,
    region_latest_run,
)
from benchmarking.selectors import participation_get
from benchmarking.services import participation_set

from .benchmarking_common import (
    SelectionForm,
    area_text,
    breakdown_label,
    figure_text,
    metric_label,
    trend_chart,
)


@permission_action("benchmarking.own.view")
def benchmark_own(request):
    municipality = connection.tenant
    participates = participation_get(municipality_id=municipality.pk)
    region = municipality_region(municipality_id=municipality.pk)
    context: dict = {"participates": participates, "region": region, "comparison": None}
    if region is not None:
        run = region_latest_run(region_id=region.pk)
        form = SelectionForm(
            request.GET if "metric" in request.GET else None,
            choices=region_choices(run=run, region_id=region.pk),
        )
        selection = form.selection()
        comparison = comparison_get(region=region, run=run, **selection) if selection else None
        context["form"] = form
        if comparison is not None:
            own = municipality.pk
            figures = [(comparison.period, comparison.figures, comparison.area)] + [
                (q, comparison.trend[q], comparison.trend_area[q]) for q in comparison.trend_periods
            ]
            rows = [
                (
                    period,
                    figure_text(published.get(own), comparison.metric),
                    area_text(area, total=False),
                )
                for period, published, area in figures
            ]
            context.update(
                comparison=comparison,
                title=f"{metric_label(comparison.metric)}, "
                f"{breakdown_label(comparison.dimension, comparison.category)}",
                rows=rows,
                own_published=own in dict(comparison.municipalities),
                trend=trend_chart(comparison, municipality_id=own),
            )
    return render(request, "web/benchmarking/own.html", context)


class ParticipationForm(forms.Form):
    participates = forms.BooleanField(
        label=_("Our municipality takes part in benchmarking"), required=False
    )


@permission_action("benchmarking.participation.change")
def benchmark_participation(request):
    municipality = connection.tenant
    current = participation_get(municipality_id=municipality.pk)
    if request.method == "POST":
        form = ParticipationForm(request.POST)
        if form.is_valid():
            participation_set(actor=request.user, participates=form.cleaned_data["participates"])
            messages.success(request, gettext("The choice was saved."))
            return redirect("benchmark_participation")
    else:
        form = ParticipationForm(initial={"participates": current})
    return render(
        request, "web/benchmarking/participation.html", {"form": form, "participates": current}
    )
