"""Every run an object has seen (its "Job runs" tab), and running a job on objects selected in a list."""
