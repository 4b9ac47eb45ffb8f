"""The grouped `data` shape of a result (Nautobot 1.0/1.1, seed 002), built from the log rows.

`{"run": {"log": [[time, level, object, url, message], ...], "success": n, "info": n, "warning": n,
"failure": n}, "test_x": {...}, "total": {...four counters...}, "output": "..."}`. Counters cover every
line; the `log` lists hold at most LEGACY_LOG_LINES lines per result, so a run with 100,000 lines does
not make every poll of its detail a megabyte answer (the full log is at `…/logs/` and `/job-logs/`).
"""

from __future__ import annotations

from django.db.models import Count

from extras.choices import LogLevelChoices
from extras.models import JobLogEntry, JobResult

LEGACY_LOG_LINES = 1000


def empty_group() -> dict:
    return {"log": [], **dict.fromkeys(LogLevelChoices.COUNTED, 0)}


def grouped_result_data(result: JobResult) -> dict:
    """Two queries on the log table: counts per (grouping, level), then the first lines in order."""
    entries = JobLogEntry.objects.filter(job_result_id=result.pk)
    groups: dict[str, dict] = {}
    total = dict.fromkeys(LogLevelChoices.COUNTED, 0)
    counts = entries.values("grouping", "log_level").annotate(n=Count("id")).order_by()
    for row in counts:
        group = groups.setdefault(row["grouping"], empty_group())
        if row["log_level"] in total:
            group[row["log_level"]] += row["n"]
            total[row["log_level"]] += row["n"]
    lines = entries.order_by("sequence").values_list(
        "grouping", "created", "log_level", "log_object", "absolute_url", "message"
    )[:LEGACY_LOG_LINES]
    for grouping, created, level, log_object, url, message in lines:
        # A line written between the two queries may open a grouping the counts have not seen.
        groups.setdefault(grouping, empty_group())
        groups[grouping]["log"].append([created.isoformat(), level, log_object, url, message])
    data = dict(result.data) if isinstance(result.data, dict) else {}
    data.update(groups)
    data["total"] = total
    data["output"] = result.output
    return data


def script_result_data(result: JobResult) -> dict:
    """A result's `data` as NetBox shows a script's: messages outside test methods, per-test counters and logs.

    `{"log": [{"time", "status", "message", "obj", "url"}, ...], "output": "...", "tests": {"test_x":
    {"success": n, "info": n, "warning": n, "failure": n, "log": [[time, level, object, url, message]]}}}`,
    with at most LEGACY_LOG_LINES lines in all (the counters cover every line).
    """
    grouped = grouped_result_data(result)
    log, tests = [], {}
    for grouping, group in grouped.items():
        if not isinstance(group, dict) or "log" not in group or grouping == "total":
            continue
        if grouping.startswith("test_"):
            tests[grouping] = group
            continue
        log.extend(
            {"time": time, "status": level, "message": message, "obj": obj, "url": url}
            for time, level, obj, url, message in group["log"]
        )
    log.sort(key=lambda line: line["time"])
    own = dict(result.data) if isinstance(result.data, dict) else {}  # what the script wrote into it
    return {**own, "log": log, "output": result.output, "tests": tests}
