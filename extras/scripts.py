"""NetBox-style import path: `from extras.scripts import Script, StringVar, ...` (more compat later)."""

from extras.jobs import (
    AbortJob,
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
    "AbortJob",
    "BooleanVar",
    "ChoiceVar",
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


class Script(Job):
    """A NetBox custom script is a job: same variables, run(data, commit), log_* and Meta."""

    class Meta:
        abstract = True
