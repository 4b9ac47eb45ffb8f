"""Job buttons: run a job from an object's page, for that object."""
