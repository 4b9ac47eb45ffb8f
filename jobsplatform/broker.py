"""The embedded broker: kombu's filesystem transport with messages written atomically.

kombu's own transport creates a message file and only then locks and fills it, while a consumer moves
and reads files without locking: a worker polling at that instant reads an empty file, fails to decode
it and stops consuming. Here a message is written under a temporary name (which consumers ignore)
and renamed into place, so a consumer only ever sees complete messages.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

TEMPORARY_SUFFIX = ".writing"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        temporary = final + TEMPORARY_SUFFIX  # "<queue>.msg.writing" never matches a consumer's pattern
        try:
            with open(temporary, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(temporary, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def install() -> None:
    """Make `filesystem://` broker URLs use this transport (called by jobsplatform/celery.py)."""
    from kombu.transport import TRANSPORT_ALIASES

    TRANSPORT_ALIASES["filesystem"] = "jobsplatform.broker:Transport"
