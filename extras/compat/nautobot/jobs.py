"""`nautobot.extras.jobs` for Nautobot 1.x job files: the same Job and variables as extras.jobs.

`from nautobot.extras.jobs import *` gives Job and the twelve variables, as in Nautobot 1.x; the receivers of
job hooks and job buttons (JobHookReceiver, JobButtonReceiver) are imported by name, as there.
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
    "FileVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "Job",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "StringVar",
    "TextVar",
]

# Importable by name, as in Nautobot 1.x, but not part of `*`.
RECEIVERS = (JobButtonReceiver, JobHookReceiver)

# Nautobot 2.x/3.x code imports these from this module too (by name; `*` stays 1.x's thirteen).
NAUTOBOT2_NAMES = (DryRunVar, JSONVar, get_task_logger, register_jobs)
