"""Table columns of the job results list; the views' querysets carry their relations."""

from __future__ import annotations

from core.tables import Column, Table

STATUS = "extras/cells/jobresult_status.html"
COUNTERS = "extras/cells/jobresult_counters.html"
DURATION = "extras/cells/duration.html"
SOURCE = "extras/cells/jobresult_source.html"
CHANGES = "extras/cells/jobresult_changes.html"


class JobResultTable(Table):
    columns = (
        Column("created", link=True),
        Column("job_model", label="Job / Git repository", template=SOURCE, order_by="job_model__name"),
        Column("user", order_by="user__username"),
        Column("status", template=STATUS),
        Column("commit", label="Changes", template=CHANGES),
        Column("counters", label="Results", template=COUNTERS, order_by=""),
        Column("duration", template=DURATION, order_by=""),
    )
