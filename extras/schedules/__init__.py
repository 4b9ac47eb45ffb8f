"""Schedules and approvals: occurrences per time zone, exactly-once firing, approve/deny/dry run, pages, API."""
