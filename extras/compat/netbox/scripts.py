"""NetBox custom scripts: Script is a Job with NetBox's defaults, its logging order and its variable signatures.

What differs from a Job, all NetBox behaviour:
- `log_debug/success/info/warning/failure(message=None, obj=None)`: the message comes first.
- Its input is stored with each run and it can be scheduled (`has_sensitive_variables = False`), unless its
  Meta says `scheduling_enabled = False`.
- The default run() calls `pre_run()`; the runner then calls the `test_*` methods and `post_run()`, as for
  every job. A run() that calls `self.run_tests()` itself runs them there, once.
- ObjectVar/MultiObjectVar take NetBox's arguments: `(model, query_params, context, null_option, selector,
  quick_add)`; `context["label"]` names the field the selector shows.
"""

from __future__ import annotations

from typing import Any

from extras import jobs
from extras.jobs import (
    BooleanVar,
    ChoiceVar,
    DateTimeVar,
    DateVar,
    DecimalVar,
    FileVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    MultiChoiceVar,
    StringVar,
    TextVar,
)

__all__ = [
    "BaseScript",
    "BooleanVar",
    "ChoiceVar",
    "DateTimeVar",
    "DateVar",
    "DecimalVar",
    "FileVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "Script",
    "StringVar",
    "TextVar",
]


class NetBoxObjectArguments:
    """NetBox's constructor of the object variables; `selector` and `quick_add` are UI options not offered here."""

    def __init__(
        self,
        model=None,
        query_params=None,
        context=None,
        null_option=None,
        selector=False,
        quick_add=False,
        *args,
        **kwargs,
    ):
        self.context = dict(context or {})
        display_field = kwargs.pop("display_field", self.context.get("label", "display"))
        super().__init__(model, display_field, query_params, null_option, *args, **kwargs)
        self.selector = selector
        self.quick_add = quick_add


class ObjectVar(NetBoxObjectArguments, jobs.ObjectVar):
    """One object of `model` (NetBox's arguments)."""


class MultiObjectVar(NetBoxObjectArguments, jobs.MultiObjectVar):
    """Several objects of `model` (NetBox's arguments)."""


class Script(jobs.Job):
    """Base class of NetBox custom scripts; a job like any other, run by the same runner."""

    class Meta:
        abstract = True
        has_sensitive_variables = False

    def run(self, data: dict, commit: bool) -> Any:
        """NetBox's default: pre_run(); the test methods and post_run() follow, called by the runner."""
        self.pre_run()

    def pre_run(self) -> None:
        """Called by the default run() before the test methods (NetBox reports merged into scripts)."""

    def run_tests(self) -> None:
        """Run every test_* method now, each under its own name in the log; the runner will not run them again."""
        for name in type(self).test_methods():
            self.active_grouping = name
            getattr(self, name)()
        self.active_grouping = "run"
        self.tests_ran = True

    def log_debug(self, message: Any = None, obj: Any = None) -> None:
        self._log_about("debug", obj, message)

    def log_success(self, message: Any = None, obj: Any = None) -> None:
        self._log_about("success", obj, message)

    def log_info(self, message: Any = None, obj: Any = None) -> None:
        self._log_about("info", obj, message)

    def log_warning(self, message: Any = None, obj: Any = None) -> None:
        self._log_about("warning", obj, message)

    def log_failure(self, message: Any = None, obj: Any = None) -> None:
        """Record a failure and mark the run failed; the script goes on (raise AbortScript to stop)."""
        self.failed = True
        self._log_about("failure", obj, message)


BaseScript = Script  # the name of NetBox's base class in its own code
