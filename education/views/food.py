"""Food and drink: search any food, drink or herb; everything for one product on one page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from education import catalog, food
from education.preferences import prefs_get, product_remember


def _wants_partial(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
@vary_on_headers("HX-Request")
def food_search(request: HttpRequest) -> HttpResponse:
    remembered = prefs_get(request).product
    partial = _wants_partial(request)
    chose_product = "product" in request.GET
    if "q" in request.GET or chose_product:
        data = request.GET.copy()
        data.setdefault("product", remembered)
        form = food.FoodSearchForm(data, blank_ok=partial)
        form.is_valid()
    else:
        form = food.FoodSearchForm(initial={"product": remembered})
    cleaned = getattr(form, "cleaned_data", {})
    product = cleaned.get("product", remembered) if "product" not in form.errors else remembered
    query = cleaned.get("q", "")
    context = {
        "form": form,
        "notes": form.notes,
        "product": product,
        "medicine": catalog.medicines_get().get(product),
        "medicines": catalog.medicines_get(),
        "result": food.foods_search(query=query, product=product) if query else None,
        "guide": food.guide_get(),
        "sources_url": reverse("sources"),
    }
    template = "education/food.html#food-answer" if partial else "education/food.html"
    response = render(request, template, context)
    if chose_product and "product" not in form.errors:
        product_remember(request, response, product)
    return response


@require_GET
def food_product(request: HttpRequest, product: str) -> HttpResponse:
    sheet = food.sheet_build(product=product)
    if sheet is None:
        raise Http404("No medicine with that name")
    return render(
        request,
        "education/food_product.html",
        {
            "sheet": sheet,
            "product": product,
            "guide": food.guide_get(),
            "sources_url": reverse("sources"),
        },
    )
