"""Idempotency keys: the same key from the same user within a day answers with the first submission.

A client that retries a run request after a timeout or a dropped connection sends the same
`Idempotency-Key`; instead of a second run it gets the first request's answer. A key reused for a
different request (another job or other input) is refused, as is a retry while the first request is
still in progress. Only successful answers are kept: a refused request can be corrected and resent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from extras.models import IdempotencyRecord

KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# A first request still "in progress" after this long died before it answered (a restart, say): its
# key is free again rather than answering 409 for a day. Longer than any request may take.
ABANDONED_AFTER = timedelta(seconds=settings.JOBS_API_MAX_WAIT + 120)


class IdempotencyError(Exception):
    """The key cannot be honoured; `status` is the HTTP status that says why."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Claim:
    record: IdempotencyRecord
    replay: bool  # True: answer with record.status_code / record.body instead of running


def fingerprint(method: str, path: str, version: str, body: bytes) -> str:
    """What makes two requests the same: method, path with query string, API version and body."""
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), version.encode(), body])).hexdigest()


def claim(user, key: str, request_fingerprint: str) -> Claim:
    """Reserve `key` for this request, or return the finished first request that used it."""
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise IdempotencyError(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.", 400)
    expired_before = timezone.now() - KEY_LIFETIME
    IdempotencyRecord.objects.filter(created__lt=expired_before).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint=request_fingerprint)
        return Claim(record, replay=False)
    except IntegrityError:
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if record is None:  # expired and removed by a concurrent request in between: try once more
        return claim(user, key, request_fingerprint)
    if record.fingerprint != request_fingerprint:
        raise IdempotencyError(
            "This Idempotency-Key was already used for a different request; use a new key.", 422
        )
    if record.status_code is None:
        if timezone.now() - record.created < ABANDONED_AFTER:
            raise IdempotencyError("A request with this Idempotency-Key is still being processed.", 409)
        release(record)  # its request died without answering
        return claim(user, key, request_fingerprint)
    return Claim(record, replay=True)


def complete(record: IdempotencyRecord, status_code: int, body) -> None:
    record.status_code = status_code
    record.body = body
    record.save(update_fields=["status_code", "body"])


def release(record: IdempotencyRecord) -> None:
    """Forget a key whose request was refused or failed, so the corrected request can use it."""
    IdempotencyRecord.objects.filter(pk=record.pk).delete()
