"""Table columns from declared names: labels from the fields' verbose names, links and sorting from relations.

`"site"` becomes a column headed "Site" that links to the site, sorts by `site__name` and, when the
related model has a colour (roles, statuses), shows a colour badge; the first column links to the
row's own page; a name that is not a field (a property) is shown but not sortable. Write a Column
instead of a name where these rules do not fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model
from django.utils.text import capfirst

from core.declarations.fields import field_at, has_field, is_foreign_key, sort_field
from core.tables import Column, Table

BADGE = "inc/cells/color_badge.html"
SWATCH = "inc/cells/color_swatch.html"


def column_for(model: type[Model], accessor: str, *, link: bool = False) -> Column:
    """The column a declared name stands for (see the module docstring)."""
    field = field_at(model, accessor, ".")
    if field is None:
        return Column(accessor, link=link, order_by="")
    label = capfirst(field.verbose_name)
    if is_foreign_key(field):
        target = field.related_model
        return Column(
            accessor,
            label=label,
            link=True,
            order_by=f"{accessor.replace('.', '__')}__{sort_field(target)}",
            template=BADGE if has_field(target, "color") else None,
        )
    return Column(accessor, label=label, link=link, template=SWATCH if field.name == "color" else None)


def build_columns(model: type[Model], specs: Sequence[str | Column]) -> tuple[Column, ...]:
    """Columns of declared names (or Columns as given); the first one links to the row's page."""
    return tuple(
        spec if isinstance(spec, Column) else column_for(model, spec, link=index == 0)
        for index, spec in enumerate(specs)
    )


def build_table(model: type[Model], specs: Sequence[str | Column]) -> type[Table]:
    return type(f"{model.__name__}Table", (Table,), {"columns": build_columns(model, specs)})
