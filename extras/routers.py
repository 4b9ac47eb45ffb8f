"""Database router sending live run state (log lines, result files, heartbeats) to the `job_logs` alias.

That alias is a second connection to the same database: rows written on it commit at once, outside
the transaction of the job that writes them, and a rollback of the job's work never touches them.
"""

from __future__ import annotations

LIVE_MODELS = {"joblogentry", "fileproxy", "runheartbeat", "workerheartbeat"}
LIVE_ALIAS = "job_logs"


def _is_live(model) -> bool:
    return model is not None and model._meta.app_label == "extras" and model._meta.model_name in LIVE_MODELS


class JobLogsRouter:
    def db_for_read(self, model, **hints):
        return LIVE_ALIAS if _is_live(model) else None

    def db_for_write(self, model, **hints):
        return LIVE_ALIAS if _is_live(model) else None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The tables are created once, through the default alias; `job_logs` is the same database.
        return False if db == LIVE_ALIAS else None
