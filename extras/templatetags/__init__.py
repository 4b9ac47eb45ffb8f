"""Template tags of the job and result pages."""
