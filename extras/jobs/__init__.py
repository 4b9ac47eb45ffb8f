"""The job authoring API: `from extras.jobs import Job, StringVar, ObjectVar, ...`.

Authors use Job, the receivers of job hooks and job buttons (JobHookReceiver, JobButtonReceiver), AbortJob
and the variables (Nautobot 1.x's twelve and NetBox's DecimalVar, DateVar and DateTimeVar); JobDataError
and JobRequest are here for the engine.
"""

from extras.jobs.base import Job
from extras.jobs.errors import AbortJob, JobDataError
from extras.jobs.netbox_variables import DateTimeVar, DateVar, DecimalVar
from extras.jobs.receivers import JobButtonReceiver, JobHookReceiver
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
    "FileVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
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
]
