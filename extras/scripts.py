"""NetBox's import path for custom scripts: `from extras.scripts import *` (see extras.compat.netbox.scripts)."""

from extras.compat.netbox.exceptions import AbortScript
from extras.compat.netbox.scripts import (
    BaseScript,
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
    MultiObjectVar,
    ObjectVar,
    Script,
    StringVar,
    TextVar,
)
from extras.jobs import AbortJob

__all__ = [
    "AbortJob",
    "AbortScript",
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
