"""The launcher: what `make run` starts and keeps alive — the embedded PostgreSQL server, the web server, a
Celery worker and beat — under one supervisor, with a pid file so a new start stops what a killed one left.

`manage.py serve` and `manage.py database` are its commands. Nothing else in the platform imports it except the
settings, which start the embedded database when DATABASE_URL is not set.
"""
