"""Job hooks: run a job for each committed change of objects of some types."""
