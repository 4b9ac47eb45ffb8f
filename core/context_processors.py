"""Template context shared by every page: the navigation menu."""

from __future__ import annotations


def navigation(request):
    return {"nav_menu": []}
