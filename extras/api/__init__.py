"""The REST API of jobs, results and log lines (Nautobot 1.x dialect), with Idempotency-Key and ?wait=."""
