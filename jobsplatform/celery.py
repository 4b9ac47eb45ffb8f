"""The Celery application: configured from Django settings, with the embedded broker's folders created."""

from __future__ import annotations

import os

from celery import Celery

from jobsplatform import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsplatform.settings")
broker.install()

app = Celery("jobsplatform")
app.config_from_object("django.conf:settings", namespace="CELERY")

_transport_options = app.conf.broker_transport_options or {}
for _key in ("data_folder_in", "data_folder_out", "control_folder"):
    if _transport_options.get(_key):
        os.makedirs(_transport_options[_key], exist_ok=True)

app.autodiscover_tasks()
