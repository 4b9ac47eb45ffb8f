"""`nautobot.apps.jobs` (Nautobot 2.x/3.x): Job, every variable, register_jobs, get_task_logger and the receivers.

A 2.x job file imports from here (`from nautobot.apps.jobs import Job, DryRunVar, register_jobs`); the classes
are this platform's own, so such jobs run through the same runner, API, CLI and schedules as every other.
"""

from __future__ import annotations

from extras.jobs import (
    BooleanVar,
    ChoiceVar,
    FileVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    Job,
    JobButtonReceiver,
    JobHookReceiver,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    StringVar,
    TextVar,
)
from extras.jobs.logger import get_task_logger
from extras.jobs.nautobot_variables import DryRunVar, JSONVar
from extras.jobs.registry import register_jobs

__all__ = [
    "BooleanVar",
    "ChoiceVar",
    "DryRunVar",
    "FileVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "JSONVar",
    "Job",
    "JobButtonReceiver",
    "JobHookReceiver",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "StringVar",
    "TextVar",
    "get_task_logger",
    "register_jobs",
]
