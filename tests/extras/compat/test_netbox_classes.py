"""NetBox's Script and Report as jobs: defaults, logging order, test methods, fieldsets, options."""

from __future__ import annotations

import pytest
from django import forms

from dcim.models import Site
from extras.jobs import Job
from extras.reports import Report
from extras.scripts import BooleanVar, ObjectVar, Script, StringVar
from tests.fixture_jobs import netbox_branch, netbox_reports


class Thing:
    def __str__(self) -> str:
        return "thing-1"


def logged(job) -> list[tuple[str, str, object, str]]:
    return [(entry.level, entry.message, entry.obj, entry.grouping) for entry in job.log_entries]


def test_script_and_report_are_base_classes_and_their_subclasses_jobs():
    assert not Job.is_job_class(Script) and not Job.is_job_class(Report)
    assert Job.is_job_class(netbox_branch.NewBranchScript)
    assert Job.is_job_class(netbox_reports.DeviceConnectionsCheck)


def test_a_script_stores_its_input_and_may_be_scheduled_by_default():
    properties = netbox_branch.NewBranchScript.properties()
    assert properties["has_sensitive_variables"] is False
    assert properties["scheduling_enabled"] is True
    assert properties["read_only"] is False


def test_script_logging_takes_the_message_first():
    job = netbox_branch.NewBranchScript()
    thing = Thing()
    job.log_success("Created", thing)
    job.log_info(message="Keyword style", obj=thing)
    job.log_warning("Text only")
    job.log_debug("Debugging", thing)
    job.log_failure("Broken", thing)

    assert logged(job) == [
        ("success", "Created", thing, "main"),
        ("info", "Keyword style", thing, "main"),
        ("warning", "Text only", None, "main"),
        ("debug", "Debugging", thing, "main"),
        ("failure", "Broken", thing, "main"),
    ]
    assert job.failed is True


def test_a_job_called_netbox_style_logs_the_message_about_the_object():
    job = netbox_reports.DeviceConnectionsCheck()  # a Job's order, obj first
    thing = Thing()
    job.log_failure(thing, "No console")
    job.log_info("Message first", thing)  # NetBox order on a Job: recognised
    job.log_success(thing)

    assert logged(job) == [
        ("failure", "No console", thing, "main"),
        ("info", "Message first", thing, "main"),
        ("success", "", thing, "main"),
    ]


def test_run_tests_runs_each_test_once_under_its_own_name():
    class Checks(Script):
        def run(self, data, commit):
            self.log_info("before")
            self.run_tests()
            self.log_info("after")

        def test_b(self):
            self.log_success("b")

        def test_a(self):
            self.log_success("a")

    job = Checks()
    job.run({}, False)

    assert [(message, grouping) for _, message, _, grouping in logged(job)] == [
        ("before", "main"),
        ("b", "test_b"),
        ("a", "test_a"),
        ("after", "run"),
    ]
    assert job.remaining_test_methods() == []
    assert Checks().remaining_test_methods() == ["test_b", "test_a"]


def test_the_default_run_of_a_script_calls_pre_run():
    class WithPreRun(Script):
        def pre_run(self):
            self.log_info("pre_run")

    job = WithPreRun()
    job.run({}, True)
    assert [message for _, message, _, _ in logged(job)] == ["pre_run"]


def test_fieldsets_order_the_variables_group_the_form_and_hide_the_others():
    script = netbox_branch.DecommissionSite

    assert list(script.variables()) == ["site", "reason", "effective", "notify"]
    form = script.as_form()
    groups = [(label, [field.name for field in fields]) for label, fields in form.groups()]
    assert groups == [("Site", ["site", "reason"]), ("When", ["effective"])]
    assert isinstance(form.fields["notify"].widget, forms.HiddenInput)
    assert [field.name for field in form.hidden_fields()] == ["notify"]


def test_a_hidden_variable_keeps_its_default_when_the_form_is_posted():
    site_pk = "00000000-0000-0000-0000-000000000000"
    form = netbox_branch.DecommissionSite.as_form(
        data={"site": site_pk, "reason": "closing", "notify": "False"}
    )
    assert 'type="hidden" name="notify" value="False"' in form["notify"].as_widget()


def test_without_fieldsets_the_form_has_one_group_in_field_order():
    groups = netbox_branch.NewBranchScript.as_form().groups()
    assert [(label, [field.name for field in fields]) for label, fields in groups] == [
        (None, ["site_name", "switch_count", "switch_model", "manufacturer"])
    ]


def test_job_timeout_becomes_the_time_limits():
    properties = netbox_branch.DecommissionSite.properties()
    assert (properties["soft_time_limit"], properties["time_limit"]) == (120.0, 130.0)
    assert properties["scheduling_enabled"] is False


def test_explicit_time_limits_win_over_job_timeout():
    class Limited(Script):
        class Meta:
            job_timeout = 60
            soft_time_limit = 10
            time_limit = 20

    assert (Limited.properties()["soft_time_limit"], Limited.properties()["time_limit"]) == (10, 20)


def test_a_report_is_read_only_and_reads_netbox_class_attributes():
    report = netbox_reports.DeviceConnectionsCheck
    properties = report.properties()

    assert properties["read_only"] is True
    assert properties["has_sensitive_variables"] is False
    assert properties["description"] == "Validate the minimum physical connections for each device"
    assert (properties["soft_time_limit"], properties["time_limit"]) == (300.0, 310.0)
    assert report.test_methods() == ["test_console_connection", "test_power_connections"]


def test_netbox_object_variables_take_netboxs_arguments():
    variable = ObjectVar(Site, {"status": "active"}, {"label": "name"}, "-- none --", True, label="Site")

    assert variable.model is Site
    assert variable.query_params == {"status": "active"}
    assert variable.display_field == "name"
    assert variable.null_option == "-- none --"
    assert (variable.selector, variable.label) == (True, "Site")
    assert type(variable).__name__ == "ObjectVar"


def test_variables_may_not_be_named_after_what_scripts_use():
    with pytest.raises(TypeError, match="cannot be named 'output'"):

        class Clash(Script):
            output = StringVar()

    with pytest.raises(TypeError, match="cannot be named 'run_tests'"):

        class Clash2(Script):
            run_tests = BooleanVar()
