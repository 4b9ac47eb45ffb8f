"""The pages every declared model gets from its declaration, tested for each one without naming it: list
(with its CSV export and flat query count), detail with the registered tabs, add, edit, delete, the bulk
edit and delete of selected rows, global search, the menu item, and permissions on each.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import NoReverseMatch, reverse

from core.context_processors import visible_menu
from core.models import InventoryMixin
from tests.core.declarations.support import every_declaration, make, searchable_object
from tests.factories.users import grant

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("declaration", every_declaration())]


def page(declaration, suffix: str = "", **kwargs) -> str:
    meta = declaration.model._meta
    return reverse(
        f"{meta.app_label}:{meta.model_name}{'_' + suffix if suffix else ''}", kwargs=kwargs or None
    )


def test_list_page_and_its_csv_export(admin_client, declaration):
    objects = make(declaration, 2)
    response = admin_client.get(page(declaration, "list"))
    assert response.status_code == 200
    assert {row.record.pk for row in response.context["table"].rows} >= {obj.pk for obj in objects}
    export = admin_client.get(page(declaration, "list"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    # An inventory model's export adds its tags and a column per custom field (none defined here).
    extras = ["Tags"] if issubclass(declaration.model, InventoryMixin) else []
    assert rows[0] == [*(column.header for column in declaration.table.columns), *extras]
    assert len(rows) - 1 == declaration.model.objects.count()


def test_detail_page_and_its_registered_tabs(admin_client, declaration):
    obj = make(declaration)[0]
    assert admin_client.get(obj.get_absolute_url()).status_code == 200
    for tab in ("changelog", "job-runs"):
        assert admin_client.get(page(declaration, tab, pk=obj.pk)).status_code == 200, tab


def test_add_edit_and_delete_pages(admin_client, declaration):
    obj = make(declaration)[0]
    assert admin_client.get(page(declaration, "add")).status_code == 200
    assert admin_client.get(page(declaration, "edit", pk=obj.pk)).status_code == 200
    assert admin_client.get(page(declaration, "delete", pk=obj.pk)).status_code == 200
    assert admin_client.post(page(declaration, "delete", pk=obj.pk)).status_code == 302
    assert not declaration.model.objects.filter(pk=obj.pk).exists()


def test_bulk_delete_of_selected_rows(admin_client, declaration):
    chosen, kept = make(declaration, 2)
    url = page(declaration, "bulk_delete")
    confirm = admin_client.get(url, {"pk": [chosen.pk]})
    assert confirm.status_code == 200
    assert [obj.pk for obj in confirm.context["objects"]] == [chosen.pk]
    assert admin_client.post(url, {"pk": [chosen.pk]}).status_code == 302
    assert not declaration.model.objects.filter(pk=chosen.pk).exists()
    assert declaration.model.objects.filter(pk=kept.pk).exists()


def test_bulk_edit_page_offers_the_shared_fields(admin_client, declaration):
    obj = make(declaration)[0]
    try:
        url = page(declaration, "bulk_edit")
    except NoReverseMatch:
        assert declaration.bulk_edit_form is None
        return
    response = admin_client.get(url, {"pk": [obj.pk]})
    assert response.status_code == 200
    assert list(response.context["form"].fields) == list(declaration.bulk_edit_form.base_fields)


def test_the_list_page_costs_the_same_queries_for_more_rows(
    admin_client, declaration, django_assert_max_num_queries
):
    make(declaration, 2)
    with django_assert_max_num_queries(50) as few:
        admin_client.get(page(declaration, "list"))
    make(declaration, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(page(declaration, "list")).status_code == 200


def test_pages_need_the_permission_for_them(user_client, user, declaration):
    obj = make(declaration)[0]
    assert user_client.get(page(declaration, "list")).status_code == 403
    grant(user, declaration.model, ["view"])
    assert user_client.get(obj.get_absolute_url()).status_code == 200
    assert user_client.get(page(declaration, "edit", pk=obj.pk)).status_code == 403
    assert user_client.post(page(declaration, "bulk_delete"), {"pk": [obj.pk]}).status_code == 403
    assert declaration.model.objects.filter(pk=obj.pk).exists()


def test_global_search_and_menu(admin_client, superuser, declaration):
    obj, term = searchable_object(declaration)
    results = admin_client.get(reverse("search"), {"q": term}).context["results"]
    assert any(obj in result.objects for result in results) == declaration.searchable
    urls = [item["url"] for section in visible_menu(superuser) for group in section["groups"]
            for item in group["items"]]  # fmt: skip
    assert (page(declaration, "list") in urls) == bool(declaration.menu)
