"""The change log and reviewed commits: recording every change, a run's change set, review then commit exactly."""
