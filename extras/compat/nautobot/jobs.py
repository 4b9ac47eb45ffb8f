"""`nautobot.extras.jobs` for Nautobot 1.x job files: the same Job and variables as extras.jobs.

`from nautobot.extras.jobs import *` gives Job and the twelve variables, as in Nautobot 1.x. The job-hook
and job-button receivers cannot be imported: there are no job hooks or buttons to call them.
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
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    StringVar,
    TextVar,
)

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

UNSUPPORTED = {
    "JobHookReceiver": "jobsplatform has no job hooks, so nothing would ever call a JobHookReceiver.",
    "JobButtonReceiver": "jobsplatform has no job buttons, so nothing would ever call a JobButtonReceiver.",
}


def __getattr__(name: str):
    if name in UNSUPPORTED:
        raise ImportError(f"cannot import {name} from nautobot.extras.jobs: {UNSUPPORTED[name]}", name=name)
    raise AttributeError(f"module 'nautobot.extras.jobs' has no attribute {name!r}")
