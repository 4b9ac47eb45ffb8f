"""The Job base class: what authors subclass, and the small interface the engine drives it through.

Author side: declare variables as class attributes, a `Meta` class, `run(data, commit)`, any number of
`test_*()` methods and `post_run()`; log with `log_*`; read files next to the job with `load_yaml/json`;
offer files for download with `create_file()`.

Engine side (everything the loader, runner and API need, nothing more):

- Modules: `get_module_display_name(module)` reads a module's `name` (the grouping label).
- Introspection, on the class: `class_name`, `module_name` (set by the loader), `get_name()`,
  `get_description()`, `meta(attr)`, `properties()`, `variables()`, `test_methods()`, `is_job_class(obj)`.
- Input: `validate_data(data, files, source=...)` → the values run() receives, or JobDataError;
  `serialize_data(cleaned)` → JSON, whose inverse is `validate_data(serialized, source="api")`;
  `serialize_files(cleaned)` / `deserialize_files(payload)` to hand uploads to a worker;
  `as_form(data, files, initial)` → the Django form (without the commit checkbox).
- Lifecycle: `job = JobClass()`; the runner sets `job.request` (a JobRequest), `job.job_result`
  (alias `job.result`), `job.commit`, calls `job.set_log_sink(sink)`, and sets `job.active_grouping` to
  "initialization", "run", each of `job.remaining_test_methods()`, then "post_run" before calling each;
  run()'s return value (or, if it returns None, what it left in `job.output`) is the output. `log_*`
  methods call `sink(level, message, obj, grouping=job.active_grouping)`; with no sink they append to
  `job.log_entries` and write to Python logging. `log_failure` sets `job.failed`.
"""

from __future__ import annotations

import inspect
import textwrap
import traceback
from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError

from extras.jobs import forms as job_forms
from extras.jobs.errors import JobDataError
from extras.jobs.files import JobFiles
from extras.jobs.log_methods import JobLogMethods, LoggedMessage, LogSink
from extras.jobs.logger import FAILURE, JobLogger, running
from extras.jobs.nautobot_variables import DryRunVar
from extras.jobs.request import JobRequest
from extras.jobs.result_files import JobResultFiles
from extras.jobs.variables import SOURCES, FileVar, JobVariable

# Meta attributes and their defaults (CONTRACT A1.2). `name` defaults to the class name.
META_DEFAULTS: dict[str, Any] = {
    "name": None,
    "description": "",
    "commit_default": True,
    "field_order": None,
    "hidden": False,
    "read_only": False,
    "approval_required": False,
    "has_sensitive_variables": True,
    "soft_time_limit": 0,
    "time_limit": 0,
    # MiB the run may allocate in its worker process; 0: the server default JOBS_MEMORY_LIMIT (extras/engine/memory.py).
    "memory_limit": 0,
    "task_queues": [],
    # How often a run that a lost worker had taken, but not started, is handed out again (0: end it errored).
    "requeue_lost_runs": 1,
    # NetBox script options: whether the job may be scheduled at all, its run-time limit in seconds (sets
    # the time limits when they are not given), and the form's groups `((label, (variable, ...)), ...)`.
    "scheduling_enabled": True,
    "job_timeout": None,
    "fieldsets": None,
    # Nautobot 2.x: the default of the job's DryRunVar, and whether a second run is refused while one is active.
    "dryrun_default": False,
    "is_singleton": False,
}
# A job_timeout (NetBox) becomes the soft time limit, so the job is stopped cleanly at that time;
# the hard limit, which ends the worker process, follows this much later.
JOB_TIMEOUT_GRACE = 10.0
# Read from the class's own Meta only: a subclass must not inherit its parent's name or abstractness.
OWN_META_ATTRS = frozenset({"name", "description", "abstract"})
LIST_META_ATTRS = frozenset({"field_order", "task_queues"})
# Web-form keys that are not job variables: the CSRF token and the engine's own `_commit`, `_schedule_*`...
IGNORED_FORM_KEYS = frozenset({"csrfmiddlewaretoken"})


def get_module_display_name(module, default: str | None = None) -> str:
    """The label of a job module: its module-level `name` string, else its file name made readable
    (`ipam_tools` → "Ipam tools"), from `default` when given."""
    name = getattr(module, "name", None)
    if isinstance(name, str) and name.strip():
        return name.strip()
    return readable_module_name(default if default is not None else module.__name__)


def readable_module_name(module_name: str) -> str:
    """`ipam_tools` → "Ipam tools": what a module without a `name` is listed as."""
    text = " ".join(module_name.rsplit(".", 1)[-1].replace("_", " ").split())
    return text[:1].upper() + text[1:] if text else module_name


class classproperty:
    """A read-only property computed on the class (no instance needed)."""

    def __init__(self, getter):
        self.getter = getter

    def __get__(self, instance, owner):
        return self.getter(owner)


class Job(JobLogMethods, JobFiles, JobResultFiles):
    """Base class of every job. Subclass it; see the module docstring for the engine interface."""

    module_name: ClassVar[str | None] = None  # the module's name in its source, set by the loader

    # Instance state, set per run by the runner (class-level defaults keep a job usable even if an
    # author's __init__ forgets to call super().__init__()).
    request: JobRequest | None = None
    job_result: Any = None
    commit: bool | None = None
    failed: bool = False
    active_grouping: str = "main"
    output: Any = ""  # run()'s output once it returned (NetBox scripts read and write `self.output`)
    tests_ran: bool = False  # set when run() itself ran the test methods (NetBox's run_tests())

    class Meta:
        abstract = True

    def __init__(self):
        self.request = None
        self.job_result = None
        self.commit = None
        self.failed = False
        self.active_grouping = "main"
        self.output = ""
        self.tests_ran = False
        self.log_entries: list[LoggedMessage] = []
        self._log_sink: LogSink | None = None
        self.logger = JobLogger(f"jobsplatform.jobs.{type(self).__module__}.{type(self).__name__}", job=self)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "module_name" not in cls.__dict__:
            cls.module_name = None
        for name, value in cls.__dict__.items():
            if isinstance(value, JobVariable) and (
                cls._inherits_member(name) or name in RESERVED_INSTANCE_NAMES
            ):
                raise TypeError(
                    f"{cls.__name__}.{name}: a job variable cannot be named {name!r} (Job uses it)."
                )

    @classmethod
    def _inherits_member(cls, name: str) -> bool:
        """Whether a framework base class (Job, Script, Report...) defines `name` as something else than a variable."""
        framework = (klass for klass in cls.__mro__[1:] if klass.__module__.startswith("extras."))
        return any(
            name in vars(klass) and not isinstance(vars(klass)[name], JobVariable) for klass in framework
        )

    def __str__(self) -> str:
        return self.get_name()

    # --- Author entry points ------------------------------------------------------------------------

    def run(self, data: dict, commit: bool) -> Any:
        """Do the work. `data` holds the cleaned variable values; the return value becomes the output."""

    def post_run(self) -> Any:
        """Called last, even after an exception; `self.failed` and `self.result` are available."""

    def fail(self, message: Any, *args, **kwargs) -> None:
        """Mark the run failed and log why (Nautobot 2.x); the job goes on (raise to stop it)."""
        self.failed = True
        self.logger.log(FAILURE, message, *args, **kwargs)

    # Nautobot 2.x's lifecycle of a run: before_start(), run(), on_success() or on_failure(), after_return().
    def before_start(self, task_id, args, kwargs) -> None:
        """Called before run() (keyword-run jobs); an exception here ends the run without calling run()."""

    def on_success(self, retval, task_id, args, kwargs) -> None:
        """Called after run() returned without the run being failed."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Called after run() raised (`exc` is the exception) or failed through fail() (`exc` is its return)."""

    def after_return(self, status, retval, task_id, args, kwargs, einfo) -> None:
        """Called last: `status` is "SUCCESS" or "FAILURE", `retval` run()'s return value or its exception."""

    @classmethod
    def keyword_run(cls) -> bool:
        """Whether run() takes the variables as keyword arguments (Nautobot 2.x: `run(self, *, device)` or
        `run(self, **kwargs)`) rather than `run(self, data, commit)`."""
        parameters = list(inspect.signature(cls.run).parameters.values())[1:]
        positional = [
            parameter.name
            for parameter in parameters
            if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        ]
        return positional[:2] != ["data", "commit"]

    def invoke_run(self, data: dict, commit: bool) -> Any:
        """What the runner calls: `run(data, commit)`, or for a keyword-run job the 2.x lifecycle around
        `run(**data)`, with task loggers (`get_task_logger`) writing to this run."""
        if not type(self).keyword_run():
            return self.run(data=data, commit=commit)
        if not isinstance(getattr(type(self), "user", None), JobVariable):
            self.user = self.request.user if self.request is not None else None
        task_id = str(self.job_result.pk) if self.job_result is not None else None
        kwargs = dict(data)
        with running(self):
            self.before_start(task_id, (), kwargs)
            try:
                retval = self.run(**kwargs)
            except Exception as error:
                einfo = traceback.format_exc()
                self.on_failure(error, task_id, (), kwargs, einfo)
                self.after_return("FAILURE", error, task_id, (), kwargs, einfo)
                raise
            if self.failed:
                self.on_failure(retval, task_id, (), kwargs, None)
            else:
                self.on_success(retval, task_id, (), kwargs)
            self.after_return("FAILURE" if self.failed else "SUCCESS", retval, task_id, (), kwargs, None)
        return retval

    @property
    def result(self):
        """The JobResult of this run (the same object as `job_result`)."""
        return self.job_result

    @result.setter
    def result(self, value):
        self.job_result = value

    @property
    def active_test(self) -> str:
        """The method running now (Nautobot 1.x's name for `active_grouping`)."""
        return self.active_grouping

    @active_test.setter
    def active_test(self, value: str) -> None:
        self.active_grouping = value

    def remaining_test_methods(self) -> list[str]:
        """The test_* methods the runner calls after run(): all, unless run() already ran them."""
        return [] if self.tests_ran else type(self).test_methods()

    # --- Class introspection ------------------------------------------------------------------------

    @classproperty
    def class_name(cls) -> str:
        return cls.__name__

    @classmethod
    def own_meta(cls) -> dict[str, Any]:
        meta = cls.__dict__.get("Meta")
        return {key: value for key, value in vars(meta).items() if not key.startswith("__")} if meta else {}

    @classmethod
    def meta(cls, attr: str, default: Any = None) -> Any:
        """A Meta attribute with its A1.2 default.

        `name`, `description` and `abstract` come from the class's own Meta only (a class-level
        `description` string also counts); the rest are inherited along the MRO, nearest first.
        """
        fallback = META_DEFAULTS.get(attr, default)
        if attr in OWN_META_ATTRS:
            value = cls.own_meta().get(attr, fallback)
            if attr == "description" and "description" not in cls.own_meta():
                own = cls.__dict__.get("description")
                value = own if isinstance(own, str) else fallback
        else:
            metas = (klass.__dict__["Meta"] for klass in cls.__mro__ if "Meta" in klass.__dict__)
            value = next((getattr(meta, attr) for meta in metas if hasattr(meta, attr)), fallback)
        if isinstance(value, list) or (attr in LIST_META_ATTRS and isinstance(value, tuple)):
            return list(value)  # a copy, so callers cannot mutate the class's Meta
        return value

    @classmethod
    def get_name(cls) -> str:
        return cls.meta("name") or cls.__name__

    @classmethod
    def get_description(cls) -> str:
        """Meta's (or the class's) `description`; without one, the summary of the class's own docstring."""
        declared = textwrap.dedent(cls.meta("description") or "").strip()
        return declared or docstring_summary(cls.__dict__.get("__doc__"))

    @classmethod
    def properties(cls) -> dict[str, Any]:
        """All Meta values (defaults applied), for creating or refreshing the Job row.

        A NetBox `job_timeout` sets the soft time limit to it (and the hard one a little later) unless the
        job gives its time limits itself.
        """
        values = {attr: cls.meta(attr) for attr in META_DEFAULTS}
        values["name"] = cls.get_name()
        values["description"] = cls.get_description()
        timeout = values["job_timeout"]
        if timeout and not values["soft_time_limit"] and not values["time_limit"]:
            values["soft_time_limit"] = float(timeout)
            values["time_limit"] = float(timeout) + JOB_TIMEOUT_GRACE
        return values

    @classmethod
    def is_job_hook_receiver(cls) -> bool:
        """True for a JobHookReceiver (a job hook passes it the change); see extras/jobs/receivers.py."""
        return False

    @classmethod
    def is_job_button_receiver(cls) -> bool:
        """True for a JobButtonReceiver (a job button passes it the object)."""
        return False

    @classmethod
    def is_job_class(cls, obj: Any) -> bool:
        """True for a runnable job class: a Job subclass whose own Meta is not `abstract = True`."""
        return inspect.isclass(obj) and issubclass(obj, Job) and not obj.own_meta().get("abstract", False)

    @classmethod
    def variables(cls) -> dict[str, JobVariable]:
        """Variables by name: base classes first, each in declaration order, then Meta.field_order applied.

        A subclass redefining a variable keeps the parent's position; setting it to None removes it.
        """
        found: dict[str, JobVariable] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, JobVariable):
                    found.setdefault(name, value)
        ordered = {name: getattr(cls, name) for name in found if isinstance(getattr(cls, name), JobVariable)}
        for name, variable in ordered.items():
            if variable.name != name:  # the same instance declared under another name
                variable.name = name
        fieldsets = cls.fieldsets()
        if fieldsets is not None:  # NetBox: fieldsets decide the order, field_order is ignored
            first = [name for _, names in fieldsets for name in names]
        else:
            first = [name for name in cls.meta("field_order") or [] if name in ordered]
        rest = [name for name in ordered if name not in first]
        return {name: ordered[name] for name in [*first, *rest]}

    @classmethod
    def fieldsets(cls) -> list[tuple[str, list[str]]] | None:
        """Meta.fieldsets as `[(label, [variable names])]` (unknown names dropped), or None when not declared.

        The form shows these groups; a variable in no group is not shown (it keeps its default).
        """
        declared = cls.meta("fieldsets")
        if not declared:
            return None
        names = {
            name
            for klass in cls.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, JobVariable)
        }
        groups, seen = [], set()
        for label, fields in declared:
            members = [name for name in fields if name in names and name not in seen]
            seen.update(members)
            groups.append((str(label), members))
        return groups

    @classmethod
    def test_methods(cls) -> list[str]:
        """Names of the `test_*` methods in declaration order.

        Base classes come first; within a class, source order. A subclass overriding a test keeps the
        position where it was first declared; overriding it with a non-callable removes it.
        """
        if cls.keyword_run():
            return []  # Nautobot 2.x calls no test_* methods: such names are the author's own helpers
        names: dict[str, None] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if name.startswith("test_") and callable(value):
                    names.setdefault(name, None)
        return [name for name in names if callable(getattr(cls, name, None))]

    # --- Input --------------------------------------------------------------------------------------

    @classmethod
    def validate_data(cls, data: Any, files: Mapping | None = None, *, source: str) -> dict[str, Any]:
        """Clean input from a web form ("form"), API JSON ("api") or CLI JSON ("cli") into run()'s `data`.

        Raises JobDataError: a non-dict is a whole-input error; a key that is no variable is reported
        under that key ("form" input ignores `csrfmiddlewaretoken` and `_`-prefixed engine keys such as
        `_commit`); every variable failure is reported under the variable's name. No database writes.
        """
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
        if not isinstance(data, Mapping):
            raise JobDataError.non_field("Job data needs to be a dict")
        files = files or {}
        variables = cls.variables()
        errors: dict[str, list[str]] = {}
        for key in [*data, *files]:
            ignored = source == "form" and (key in IGNORED_FORM_KEYS or str(key).startswith("_"))
            if key not in variables and not ignored:
                errors[str(key)] = ["Job data contained an unknown property"]
        cleaned = {}
        for name, variable in variables.items():
            try:
                raw = variable.value_from_data(data, files, source)
                if raw is None and isinstance(variable, DryRunVar):
                    raw = cls.meta("dryrun_default")
                cleaned[name] = variable.clean(raw, source)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
        if errors:
            raise JobDataError(errors)
        return cleaned

    @classmethod
    def serialize_data(cls, cleaned: Mapping[str, Any]) -> dict[str, Any]:
        """JSON-safe copy of cleaned data: objects → str(pk), querysets → [str(pk)], netaddr → str.

        Files are left out (see serialize_files). The inverse is `validate_data(serialized, source="api")`,
        which is how a worker turns stored input back into run()'s `data`.
        """
        variables = cls.variables()
        serialized = {}
        for name, value in cleaned.items():
            variable = variables.get(name)
            if isinstance(variable, FileVar):
                continue
            serialized[name] = variable.serialize(value) if variable is not None else value
        return serialized

    @classmethod
    def serialize_files(cls, cleaned: Mapping[str, Any]) -> dict[str, dict[str, str]]:
        """Uploaded files as base64 JSON, to pass to a worker with the task (never to store)."""
        return {
            name: FileVar.to_transport(cleaned[name])
            for name, variable in cls.variables().items()
            if isinstance(variable, FileVar) and cleaned.get(name) is not None
        }

    @classmethod
    def deserialize_files(cls, payload: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
        """Inverse of serialize_files: in-memory uploads to pass as `files` to validate_data."""
        return {name: FileVar.from_transport(item) for name, item in (payload or {}).items()}

    @classmethod
    def as_form(cls, data=None, files=None, initial: Mapping | None = None) -> job_forms.JobForm:
        """The input form: one field per variable in variables() order, defaults as initial values.

        With Meta.fieldsets the form's `groups()` follow them, and variables in no group are hidden inputs.
        """
        dry_runs = {name: cls.meta("dryrun_default") for name in cls.dry_run_variables()}
        return job_forms.build_job_form(
            cls.variables(),
            data=data,
            files=files,
            initial={**dry_runs, **(initial or {})},
            fieldsets=cls.fieldsets(),
        )

    @classmethod
    def dry_run_variables(cls) -> list[str]:
        """The names of the job's DryRunVar variables (Nautobot 2.x names it `dryrun`)."""
        return [name for name, variable in cls.variables().items() if isinstance(variable, DryRunVar)]

    @classmethod
    def requests_dry_run(cls, cleaned: Mapping[str, Any]) -> bool:
        """Whether this input asks for a dry run through a DryRunVar: then the run is a dry run here too."""
        return any(bool(cleaned.get(name)) for name in cls.dry_run_variables())


def docstring_summary(docstring: str | None) -> str:
    """The first paragraph of a docstring on one line (Nautobot's fallback for a job's description)."""
    if not isinstance(docstring, str):
        return ""
    paragraph = inspect.cleandoc(docstring).split("\n\n", 1)[0]
    return " ".join(paragraph.split())


# Attributes the runner sets on instances; variables may not use these names.
RESERVED_INSTANCE_NAMES = frozenset({"log_entries", "logger", "_log_sink", "tests_ran"})
