"""The input form a job class builds from its variables (extras/jobs/forms.py, object_fields.py)."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from tests.fixture_jobs import meta_options
from tests.fixture_jobs.all_variables import EveryVariableJob


@pytest.mark.django_db
def test_the_form_has_one_field_per_variable_in_order_without_a_commit_field():
    form = meta_options.FullMetaJob.as_form()
    assert list(form.fields) == ["second", "first"]
    assert "commit" not in form.fields and "_commit" not in form.fields


@pytest.mark.django_db
def test_the_form_fields_carry_label_help_text_required_and_initial():
    form = EveryVariableJob.as_form(initial={"string_var": "preset"})
    assert form.fields["text_var"].label == "Notes"
    assert form.fields["string_var"].help_text == "A slug-like name"
    assert form.fields["string_var"].required and not form.fields["text_var"].required
    assert (form["integer_var"].value(), form["string_var"].value()) == (3, "preset")
    assert isinstance(form.fields["text_var"].widget, forms.Textarea)
    assert (
        form.fields["multiobject_var"].widget.attrs["data-query-params"]
        == '{"manufacturer_id": "$object_var"}'
    )


@pytest.mark.django_db
def test_the_bound_form_cleans_like_validate_data(every_variable_input):
    data = QueryDict(mutable=True)
    for key, value in every_variable_input.items():
        data.setlist(key, value if isinstance(value, list) else [str(value)])
    form = EveryVariableJob.as_form(data=data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["object_var"].name == "Acme"
    assert EveryVariableJob.as_form(data=QueryDict("string_var=x")).errors["string_var"] == [
        "Ensure this value has at least 2 characters (it has 1)."
    ]


@pytest.mark.django_db
def test_the_form_renders(every_variable_input):
    html = EveryVariableJob.as_form().as_div()
    assert 'data-url="/api/dcim/manufacturers/"' in html
    assert "Acme" in html
