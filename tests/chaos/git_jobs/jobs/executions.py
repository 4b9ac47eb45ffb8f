"""A job that leaves a trace of every execution, for the multi-host chaos test (tests/chaos/test_multihost.py).

Each execution drops a file named after its run into `marker_dir` (whatever then becomes of the run), and
creates a manufacturer named `tag` in the run's transaction: the files say how often a run was executed, the
row whether its changes were committed. `shared` names a manufacturer the run also updates, so it holds
that row's lock until its transaction ends; `hold` names a file the run waits for before it ends.
"""

import socket
import time
import uuid
from pathlib import Path

from django.utils.text import slugify

from dcim.models import Manufacturer
from extras.jobs import Job, StringVar

HOLD_AT_MOST = 150  # seconds


class RecordExecution(Job):
    marker_dir = StringVar()
    tag = StringVar()
    shared = StringVar(required=False, default="")
    hold = StringVar(required=False, default="")

    class Meta:
        name = "Record an execution"
        has_sensitive_variables = False
        task_queues = ["default", "mh-w1", "mh-w2", "mh-w3"]
        soft_time_limit = 170
        time_limit = 180

    def run(self, data, commit):
        host = socket.gethostname()
        Path(data["marker_dir"], f"{self.job_result.pk}.{host}.{uuid.uuid4().hex[:8]}").touch()
        Manufacturer.objects.create(name=data["tag"], slug=slugify(data["tag"]))
        if data["shared"]:
            Manufacturer.objects.filter(name=data["shared"]).update(description=data["tag"])
        if data["hold"]:
            self.log_info(f"Holding on {host}")
            deadline = time.monotonic() + HOLD_AT_MOST
            while not Path(data["hold"]).exists() and time.monotonic() < deadline:
                time.sleep(0.1)
        return f"Executed on {host}"
