"""The job authoring API: `from extras.jobs import Job, StringVar, ObjectVar, ...`.

Authors use Job, the receivers of job hooks and job buttons (JobHookReceiver, JobButtonReceiver), AbortJob
the variables (Nautobot 1.x's twelve, Nautobot 2.x's JSONVar and DryRunVar, NetBox's DecimalVar, DateVar
and DateTimeVar), register_jobs and get_task_logger; JobDataError
and JobRequest are here for the engine.
"""

from extras.jobs.base import Job
from extras.jobs.errors import AbortJob, JobDataError
from extras.jobs.logger import get_task_logger
from extras.jobs.nautobot_variables import DryRunVar, JSONVar
from extras.jobs.netbox_variables import DateTimeVar, DateVar, DecimalVar
from extras.jobs.receivers import JobButtonReceiver, JobHookReceiver
from extras.jobs.registry import register_jobs
from extras.jobs.request import JobRequest
from extras.jobs.variables import (
    BooleanVar,
    ChoiceVar,
    FileVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    StringVar,
    TextVar,
)

__all__ = [
    "AbortJob",
    "BooleanVar",
    "ChoiceVar",
    "DateTimeVar",
    "DateVar",
    "DecimalVar",
    "DryRunVar",
    "FileVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "JSONVar",
    "Job",
    "JobButtonReceiver",
    "JobDataError",
    "JobHookReceiver",
    "JobRequest",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "StringVar",
    "TextVar",
    "get_task_logger",
    "register_jobs",
]
