"""Jobs of the multi-host chaos test, committed to a Git repository that the worker hosts sync."""
