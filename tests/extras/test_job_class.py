"""The Job base class: Meta, introspection, input handling, logging and files next to the job."""

from __future__ import annotations

import json
import os

import netaddr
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.http import QueryDict

from extras.jobs import IntegerVar, Job, StringVar
from extras.jobs.base import get_module_display_name
from extras.jobs.errors import NON_FIELD_ERRORS, JobDataError, JobFilePathError
from extras.scripts import Script
from tests.fixture_jobs import data_file, meta_options, ordered_tests, passing
from tests.fixture_jobs.all_variables import EveryVariableJob


class PlainJob(Job):
    pass


class ParentJob(Job):
    first = StringVar()
    second = IntegerVar(default=2)

    class Meta:
        name = "Parent"
        description = "Parent description"
        read_only = True
        time_limit = 90


class ChildJob(ParentJob):
    third = StringVar(required=False)
    first = StringVar(label="First, redefined")


# --- Meta -------------------------------------------------------------------------------------------


def test_meta_defaults():
    assert PlainJob.properties() == {
        "name": "PlainJob",
        "description": "",
        "commit_default": True,
        "field_order": None,
        "hidden": False,
        "read_only": False,
        "approval_required": False,
        "has_sensitive_variables": True,
        "soft_time_limit": 0,
        "time_limit": 0,
        "memory_limit": 0,
        "task_queues": [],
        "requeue_lost_runs": 1,
        "scheduling_enabled": True,
        "job_timeout": None,
        "fieldsets": None,
        "dryrun_default": False,
        "is_singleton": False,
    }


def test_meta_values_are_read_with_the_description_dedented():
    assert meta_options.FullMetaJob.properties() == {
        "name": "Full meta job",
        "description": "Sets **every** option.\n\nThe second paragraph is Markdown too.",
        "commit_default": False,
        "field_order": ["second", "first"],
        "hidden": True,
        "read_only": False,
        "approval_required": True,
        "has_sensitive_variables": False,
        "soft_time_limit": 30,
        "time_limit": 60,
        "memory_limit": 512,
        "task_queues": ["default", "priority"],
        "requeue_lost_runs": 0,
        "scheduling_enabled": True,
        "job_timeout": None,
        "fieldsets": None,
        "dryrun_default": False,
        "is_singleton": False,
    }


def test_a_subclass_inherits_settings_but_not_name_or_description():
    assert (ChildJob.get_name(), ChildJob.get_description()) == ("ChildJob", "")
    assert (ChildJob.meta("read_only"), ChildJob.meta("time_limit")) == (True, 90)


def test_a_class_level_description_string_counts():
    class Report(Job):
        description = "  Check consoles  "

    assert Report.get_description() == "Check consoles"


def test_without_a_description_the_first_paragraph_of_the_own_docstring_describes_the_job():
    class Documented(Job):
        """Checks the consoles
        of every site.

        Details that stay in the code.
        """

    class Undocumented(Documented):
        pass

    class Described(Documented):
        """Not this."""

        class Meta:
            description = "This one"

    assert Documented.get_description() == "Checks the consoles of every site."
    assert Undocumented.get_description() == ""  # a docstring is not inherited, like Meta's description
    assert Described.get_description() == "This one"


def test_meta_returns_copies_of_lists():
    meta_options.FullMetaJob.meta("task_queues").append("mutated")
    assert meta_options.FullMetaJob.meta("task_queues") == ["default", "priority"]


def test_meta_reads_other_attributes_with_a_default():
    assert PlainJob.meta("notifications_default", default="always") == "always"


def test_class_name_and_module_name():
    assert passing.PassingJob.class_name == "PassingJob"
    assert passing.PassingJob.module_name is None


def test_module_name_set_by_the_loader_is_not_inherited():
    class Loaded(Job):
        pass

    Loaded.module_name = "example"

    class Derived(Loaded):
        pass

    assert (Loaded.module_name, Derived.module_name) == ("example", None)


def test_is_job_class():
    assert Job.is_job_class(passing.PassingJob)
    assert Job.is_job_class(ChildJob)
    assert not Job.is_job_class(Job)
    assert not Job.is_job_class(Script)
    assert not Job.is_job_class(ordered_tests.BaseChecks)
    assert not Job.is_job_class(passing.PassingJob())
    assert not Job.is_job_class(dict)


def test_a_subclass_of_an_abstract_base_is_a_job():
    class ConcreteScript(Script):
        pass

    assert Job.is_job_class(ConcreteScript)


def test_a_module_level_name_labels_the_module():
    assert get_module_display_name(passing) == "Fixture jobs"


def test_a_module_without_a_name_is_labelled_by_its_file_name_made_readable():
    assert get_module_display_name(ordered_tests) == "Ordered tests"
    assert get_module_display_name(ordered_tests, default="ipam_tools") == "Ipam tools"


def test_str_is_the_name():
    assert str(passing.PassingJob()) == "Passing job"


# --- Variables and test methods ---------------------------------------------------------------------


def test_variables_come_base_first_in_declaration_order_keeping_the_first_position():
    variables = ChildJob.variables()
    assert list(variables) == ["first", "second", "third"]
    assert variables["first"].label == "First, redefined"


def test_field_order_puts_named_variables_first():
    class Ordered(ChildJob):
        class Meta:
            field_order = ["third", "second", "unknown"]

    assert list(Ordered.variables()) == ["third", "second", "first"]


def test_a_subclass_can_remove_a_variable():
    class WithoutSecond(ParentJob):
        second = None

    assert list(WithoutSecond.variables()) == ["first"]


@pytest.mark.parametrize("name", ["run", "log_info", "request", "commit", "failed", "result", "logger"])
def test_a_variable_cannot_take_a_name_job_uses(name):
    with pytest.raises(TypeError, match=f"cannot be named '{name}'"):
        type("Clash", (Job,), {name: StringVar(), "__module__": __name__})


def test_test_methods_run_in_declaration_order_base_first():
    assert ordered_tests.OrderedTestsJob.test_methods() == [
        "test_zulu",
        "test_alpha",
        "test_mike",
        "test_bravo",
    ]


def test_test_methods_ignore_non_callables_and_removed_tests():
    class Checks(Job):
        test_data = {"not": "a method"}

        def test_b(self):
            pass

        def test_a(self):
            pass

    class FewerChecks(Checks):
        test_b = None

    assert Checks.test_methods() == ["test_b", "test_a"]
    assert FewerChecks.test_methods() == ["test_a"]


# --- validate_data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [None, [], "text", 5])
def test_data_that_is_not_a_dict_is_a_whole_input_error(data):
    with pytest.raises(JobDataError) as raised:
        ParentJob.validate_data(data, source="api")
    assert raised.value.errors == {NON_FIELD_ERRORS: ["Job data needs to be a dict"]}
    assert raised.value.as_api_errors() == {"data": ["Job data needs to be a dict"]}


def test_an_unknown_key_is_reported_under_its_name_with_the_variable_errors():
    with pytest.raises(JobDataError) as raised:
        ParentJob.validate_data({"second": "x", "nope": 1}, source="api")
    assert raised.value.errors == {
        "nope": ["Job data contained an unknown property"],
        "first": ["This field is required."],
        "second": ["Enter a whole number."],
    }
    assert raised.value.as_api_errors() == raised.value.errors


def test_the_error_text_names_each_variable():
    with pytest.raises(JobDataError) as raised:
        ParentJob.validate_data({"second": "x"}, source="cli")
    assert str(raised.value) == "first: This field is required.; second: Enter a whole number."


def test_a_key_missing_from_json_takes_the_default():
    assert ParentJob.validate_data({"first": "a"}, source="api") == {"first": "a", "second": 2}


def test_an_explicit_null_does_not_take_the_default():
    with pytest.raises(JobDataError) as raised:
        ParentJob.validate_data({"first": "a", "second": None}, source="api")
    assert raised.value.errors == {"second": ["This field is required."]}


def test_form_input_ignores_the_csrf_token_and_engine_keys():
    data = QueryDict("first=a&second=3&csrfmiddlewaretoken=t&_commit=on&_schedule_interval=immediately")
    assert ParentJob.validate_data(data, source="form") == {"first": "a", "second": 3}


def test_form_input_still_reports_other_unknown_keys():
    with pytest.raises(JobDataError) as raised:
        ParentJob.validate_data(QueryDict("first=a&second=3&typo=1"), source="form")
    assert raised.value.errors == {"typo": ["Job data contained an unknown property"]}


def test_an_unknown_source_is_a_programming_error():
    with pytest.raises(ValueError, match="source"):
        ParentJob.validate_data({}, source="web")


def test_a_job_without_variables_takes_an_empty_dict():
    assert PlainJob.validate_data({}, source="cli") == {}


def test_every_type_arrives_in_run_as_its_python_value(every_variable_input):
    cleaned = EveryVariableJob.validate_data(every_variable_input, source="api")
    assert cleaned["integer_var"] == 0 and cleaned["boolean_var"] is True
    assert cleaned["object_var"].name == "Acme"
    assert isinstance(cleaned["multiobject_var"], QuerySet) and cleaned["multiobject_var"].count() == 2
    assert isinstance(cleaned["ipaddress_var"], netaddr.IPAddress)
    assert isinstance(cleaned["ipaddress_with_mask_var"], netaddr.IPNetwork)
    assert cleaned["ipnetwork_var"] == netaddr.IPNetwork("10.0.0.0/24")
    assert cleaned["file_var"] is None


def test_serialized_data_is_json_and_validates_back_to_the_same_values(every_variable_input):
    cleaned = EveryVariableJob.validate_data(every_variable_input, source="api")
    serialized = json.loads(json.dumps(EveryVariableJob.serialize_data(cleaned)))
    again = EveryVariableJob.validate_data(serialized, source="api")
    assert serialized["object_var"] == every_variable_input["object_var"]
    assert serialized["ipnetwork_var"] == "10.0.0.0/24"
    assert {**again, "multiobject_var": list(again["multiobject_var"])} == {
        **cleaned,
        "multiobject_var": list(cleaned["multiobject_var"]),
    }


def test_files_are_left_out_of_serialized_data_and_travel_separately(every_variable_input):
    upload = SimpleUploadedFile("notes.txt", b"hello")
    cleaned = EveryVariableJob.validate_data(every_variable_input, {"file_var": upload}, source="api")
    assert "file_var" not in EveryVariableJob.serialize_data(cleaned)
    files = EveryVariableJob.deserialize_files(
        json.loads(json.dumps(EveryVariableJob.serialize_files(cleaned)))
    )
    again = EveryVariableJob.validate_data(EveryVariableJob.serialize_data(cleaned), files, source="api")
    assert again["file_var"].read() == b"hello"


def test_form_input_for_every_type(every_variable_input):
    data = QueryDict(mutable=True)
    for key, value in every_variable_input.items():
        data.setlist(key, [str(item) for item in value] if isinstance(value, list) else [str(value)])
    data["boolean_var"] = "on"
    upload = SimpleUploadedFile("notes.txt", b"hello")
    from_form = EveryVariableJob.validate_data(data, {"file_var": upload}, source="form")
    from_api = EveryVariableJob.validate_data(every_variable_input, source="api")

    def comparable(values):
        return {**values, "multiobject_var": list(values["multiobject_var"])}

    assert comparable(from_form) == comparable({**from_api, "file_var": upload})


@pytest.mark.django_db
def test_every_invalid_variable_is_named_in_the_errors():
    bad = {
        "string_var": "Not A Slug",
        "integer_var": 11,
        "boolean_var": "maybe",
        "choice_var": "x",
        "multichoice_var": "e",
        "object_var": {"colour": "red"},
        "multiobject_var": ["nope"],
        "file_var": "inline",
        "ipaddress_var": "192.0.2.1/24",
        "ipaddress_with_mask_var": "192.0.2.1",
        "ipnetwork_var": "10.0.0.1/24",
    }
    with pytest.raises(JobDataError) as raised:
        EveryVariableJob.validate_data(bad, source="api")
    assert set(raised.value.errors) == set(bad)


# --- Logging ----------------------------------------------------------------------------------------


def test_log_calls_without_a_sink_are_kept_in_memory_with_their_levels():
    job = PlainJob()
    job.log("plain")
    job.log_debug("debugging")
    job.log_success(message="done")
    job.log_info("info text")
    job.log_warning(obj="thing", message="careful")
    assert [(entry.level, entry.message, entry.obj) for entry in job.log_entries] == [
        ("debug", "plain", None),
        ("debug", "debugging", None),
        ("success", "done", None),
        ("info", "info text", None),
        ("warning", "careful", "thing"),
    ]
    assert not job.failed


def test_log_failure_marks_the_run_failed_and_goes_on():
    job = PlainJob()
    job.log_failure("broken")
    job.log_info("after")
    assert job.failed
    assert [entry.level for entry in job.log_entries] == ["failure", "info"]


def test_log_entries_are_grouped_by_the_active_method():
    job = ordered_tests.OrderedTestsJob()
    job.active_grouping = "run"
    job.run({}, commit=False)
    for name in job.test_methods():
        job.active_grouping = name
        getattr(job, name)()
    job.active_grouping = "post_run"
    job.post_run()
    assert [(entry.grouping, entry.message) for entry in job.log_entries] == [
        ("run", "run"),
        ("test_zulu", "zulu"),
        ("test_alpha", "alpha"),
        ("test_mike", "mike"),
        ("test_bravo", "bravo"),
        ("post_run", "post_run"),
    ]


def test_log_calls_also_reach_python_logging(caplog):
    job = PlainJob()
    with caplog.at_level("DEBUG", logger="jobsplatform.jobs"):
        job.log_failure(obj="device-1", message="no console")
    assert caplog.records[-1].levelname == "ERROR"
    assert caplog.records[-1].getMessage() == "[main] device-1: no console"


def test_a_sink_receives_every_call_with_its_grouping():
    calls = []
    job = PlainJob()
    job.set_log_sink(
        lambda level, message, obj=None, *, grouping: calls.append((level, message, obj, grouping))
    )
    job.active_grouping = "run"
    job.log_debug("d")
    job.log_failure(obj=job, message="f")
    assert calls == [("debug", "d", None, "run"), ("failure", "f", job, "run")]
    assert job.failed and job.log_entries == []


def test_result_is_the_job_result():
    job = PlainJob()
    job.result = "a result row"
    assert job.job_result == "a result row"


def test_run_returns_the_output():
    assert passing.PassingJob().run({}, commit=True) == "Nice job!"


# --- load_yaml / load_json --------------------------------------------------------------------------


def test_load_yaml_and_json_read_files_next_to_the_job():
    job = data_file.DataFileJob()
    assert job.load_yaml("data/sites.yaml")["sites"][0] == {"name": "Branch 1", "slug": "branch-1"}
    assert job.load_json("data/limits.json") == {"max_devices": 48}
    assert job.run({}, commit=False) == 2


@pytest.mark.parametrize("path", ["../../etc/passwd", "data/../../conftest.py", "/etc/passwd"])
def test_paths_outside_the_job_directory_are_refused(path):
    with pytest.raises(JobFilePathError):
        data_file.DataFileJob().load_yaml(path)


@pytest.fixture
def job_in_tmp_dir(tmp_path, monkeypatch):
    job_dir = tmp_path / "jobs"
    job_dir.mkdir()
    monkeypatch.setattr(PlainJob, "job_directory", classmethod(lambda cls: job_dir.resolve()))
    return job_dir


def test_a_symlink_escaping_the_job_directory_is_refused(job_in_tmp_dir, tmp_path):
    (tmp_path / "secret.yaml").write_text("secret: 1\n")
    os.symlink(tmp_path / "secret.yaml", job_in_tmp_dir / "link.yaml")
    with pytest.raises(JobFilePathError, match="outside the job's directory"):
        PlainJob().load_yaml("link.yaml")


def test_a_symlink_inside_the_job_directory_is_fine(job_in_tmp_dir):
    (job_in_tmp_dir / "real.json").write_text('{"ok": true}')
    os.symlink(job_in_tmp_dir / "real.json", job_in_tmp_dir / "alias.json")
    assert PlainJob().load_json("alias.json") == {"ok": True}


def test_load_yaml_uses_the_safe_loader(job_in_tmp_dir):
    (job_in_tmp_dir / "evil.yaml").write_text("!!python/object/apply:os.system ['true']\n")
    with pytest.raises(yaml.YAMLError, match="could not determine a constructor"):
        PlainJob().load_yaml("evil.yaml")
