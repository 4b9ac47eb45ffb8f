"""The variable types Nautobot 2.x added: JSONVar and DryRunVar."""

from __future__ import annotations

from django import forms

from extras.jobs.variables import BooleanVar, JobVariable

__all__ = ["DryRunVar", "JSONVar"]


class JSONVar(JobVariable):
    """Any JSON value, typed in a multi-line box (or sent as JSON); run() receives it parsed (dict, list...)."""

    form_field = forms.JSONField
    widget_class = forms.Textarea


class DryRunVar(BooleanVar):
    """A dry-run flag: the job gets it as an argument and decides what a dry run means, as in Nautobot 2.x.

    Here a run with it set is also a dry run of the platform: its database changes are rolled back and kept
    as the run's change set, and it needs no approval. Its default is the job's Meta.dryrun_default.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Dry run")
        kwargs.setdefault("description", "Check to run the job in dry-run mode: nothing it changes is kept.")
        super().__init__(*args, **kwargs)
