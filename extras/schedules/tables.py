"""Table columns of the schedules list and of a schedule's runs; the views' querysets carry their relations."""

from __future__ import annotations

from core.tables import Column, Table
from extras.ui.tables import COUNTERS, DURATION, STATUS

SCHEDULE_JOB = "extras/cells/schedule_job.html"
SCHEDULE_INTERVAL = "extras/cells/schedule_interval.html"
SCHEDULE_TIME = "extras/cells/schedule_time.html"
APPROVAL_STATE = "extras/cells/approval_state.html"
RUN_KIND = "extras/cells/schedule_run_kind.html"


class ScheduledJobTable(Table):
    """Times are shown in each schedule's own time zone, which is named in the cell."""

    columns = (
        Column("name", link=True),
        Column("job_model", label="Job", template=SCHEDULE_JOB, order_by="job_model__name"),
        Column("interval", template=SCHEDULE_INTERVAL),
        Column("start_time", label="Start", template=SCHEDULE_TIME),
        Column("next_run_at", label="Next run", template=SCHEDULE_TIME),
        Column("last_run_at", label="Last run", template=SCHEDULE_TIME),
        Column("total_run_count", label="Run count"),
        Column("enabled"),
        Column("approved_at", label="Approval", template=APPROVAL_STATE),
    )


class ScheduleRunTable(Table):
    """A schedule's runs on its page: its occurrences and the dry runs of its approval request."""

    columns = (
        Column("created", link=True),
        Column("scheduled_for", label="Run", template=RUN_KIND, order_by=""),
        Column("user"),
        Column("status", template=STATUS),
        Column("counters", label="Results", template=COUNTERS, order_by=""),
        Column("duration", template=DURATION, order_by=""),
    )
