"""Models of the jobs engine (Job, JobResult, JobLogEntry, ScheduledJob, GitRepository arrive per issue)."""
