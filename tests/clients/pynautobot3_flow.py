"""The pynautobot 3.x client flow, run by tests/extras/api/test_pynautobot3.py in a process of its own.

pynautobot 3.x cannot share an environment with pynautobot 1.5 (the suite's Nautobot 1.x client), so `make
install` puts it in var/clients/pynautobot3 and the test runs this script with that folder first on its path.
Nothing here is adapted to jobsplatform: it is what a Nautobot 2.x/3.x user's script does. It prints what it
saw as JSON for the test to check.

Usage: python pynautobot3_flow.py <base url> <token> <api version or "">
"""

from __future__ import annotations

import json
import sys
import time

import pynautobot

ACTIVE = ("RECEIVED", "PENDING", "STARTED", "RETRY")  # pynautobot's run_and_wait() waits while in these


def poll(nb, result_id: str, timeout: float = 90):
    """Read the result until it ends, as scripts written before run_and_wait() do."""
    deadline = time.monotonic() + timeout
    while True:
        result = nb.extras.job_results.get(result_id)
        if str(result.status) not in ACTIVE or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def main(base_url: str, token: str, api_version: str) -> dict:
    nb = pynautobot.api(base_url, token=token, api_version=api_version or None)
    seen: dict = {"client": pynautobot.__version__, "api_version": nb.version, "status": nb.status()}
    seen["job_names"] = sorted(job.name for job in nb.extras.jobs.all())
    job = nb.extras.jobs.get(name="Check vendors")
    seen["job"] = {"id": job.id, "name": str(job), "supports_dryrun": job.supports_dryrun}
    seen["job_by_id"] = str(nb.extras.jobs.get(job.id))

    answer = job.run(data={"expected": ["Acme"]})
    seen["answer_keys"] = sorted(dict(answer))
    seen["answer_status"] = str(answer.job_result.status)
    result = poll(nb, answer.job_result.id)
    seen["result"] = {
        "status": str(result.status),
        "result": result.result,
        "task_name": result.task_name,
        "date_done": result.date_done,
        "job_model": result.job_model.id,
    }
    logs = nb.extras.job_logs.filter(job_result=result.id)
    seen["log_messages"] = [line.message for line in logs]
    seen["log_levels"] = sorted({line.log_level for line in logs})
    seen["info_messages"] = [
        line.message for line in nb.extras.job_logs.filter(job_result=result.id, log_level="info")
    ]

    waited = nb.extras.jobs.run_and_wait(
        job_name="Check vendors", data={"expected": ["Acme", "Nowhere"]}, interval=0.3, max_rechecks=300
    )
    seen["waited"] = {
        "status": str(waited.job_result.status),
        "failures": [
            line.message
            for line in nb.extras.job_logs.filter(job_result=waited.job_result.id, log_level="failure")
        ],
    }
    return seen


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4]), default=str))
