"""What other apps add to every object page and every list page, without core importing them.

The jobs app registers, at start-up, the job buttons of an object's page (actions next to Edit and
Delete) and the "run a job on the selected objects" form of a list page. A provider returns HTML, or ""
when it has nothing for that user and model; a list page whose providers offer something shows a
checkbox on each row, whose inputs belong to the form `LIST_SELECTION_FORM`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

LIST_SELECTION_FORM = "list-selection"  # the id of the form a list page's row checkboxes belong to

DetailActions = Callable[[HttpRequest, Model], str]
ListActions = Callable[[HttpRequest, type[Model]], str]

_detail_actions: list[DetailActions] = []
_list_actions: list[ListActions] = []


def register_detail_actions(provider: DetailActions) -> None:
    if provider not in _detail_actions:
        _detail_actions.append(provider)


def register_list_actions(provider: ListActions) -> None:
    if provider not in _list_actions:
        _list_actions.append(provider)


def detail_actions(request: HttpRequest, obj: Model) -> SafeString:
    return mark_safe("".join(provider(request, obj) for provider in _detail_actions))


def list_actions(request: HttpRequest, model: type[Model]) -> SafeString:
    return mark_safe("".join(provider(request, model) for provider in _list_actions))
