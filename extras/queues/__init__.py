"""Job queues: which Celery queues a job may run on, their pages and their API."""
