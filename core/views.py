"""Generic UI views (list, detail, edit, delete) and the home and search pages."""

from __future__ import annotations

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"


class SearchView(TemplateView):
    template_name = "search.html"
