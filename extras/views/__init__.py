"""Web pages of the jobs engine: job pages in `jobs`, result pages in `results`."""
