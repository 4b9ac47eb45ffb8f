"""Database router sending live run state (log lines, heartbeats) to the `job_logs` alias."""

from __future__ import annotations

from django.conf import settings

LIVE_MODELS = {"joblogentry", "runheartbeat", "workerheartbeat"}
LIVE_ALIAS = "job_logs"


def _is_live(model) -> bool:
    return model is not None and model._meta.app_label == "extras" and model._meta.model_name in LIVE_MODELS


class JobLogsRouter:
    """On SQLite the alias is a separate file with its own tables; on PostgreSQL it shares the database."""

    def db_for_read(self, model, **hints):
        return LIVE_ALIAS if _is_live(model) else None

    def db_for_write(self, model, **hints):
        return LIVE_ALIAS if _is_live(model) else None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        live = app_label == "extras" and model_name in LIVE_MODELS
        if settings.JOB_LOGS_SEPARATE_DATABASE:
            return live if db == LIVE_ALIAS else (not live if model_name else None)
        return False if db == LIVE_ALIAS else None
