"""Tiny job modules, one per scenario, used as a JOBS_ROOT by the facade, loader and runner tests."""
