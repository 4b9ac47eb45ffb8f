"""JobRequest: the JSON-safe part of the HTTP request (or CLI/schedule call) that started a job."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

# The only request.META keys a job sees: harmless strings describing the client and the server.
SAFE_META_KEYS = frozenset(
    {
        "CONTENT_LENGTH",
        "CONTENT_TYPE",
        "HTTP_ACCEPT",
        "HTTP_ACCEPT_ENCODING",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_HOST",
        "HTTP_REFERER",
        "HTTP_USER_AGENT",
        "HTTP_X_FORWARDED_FOR",
        "QUERY_STRING",
        "REMOTE_ADDR",
        "REMOTE_HOST",
        "REMOTE_USER",
        "REQUEST_METHOD",
        "SERVER_NAME",
        "SERVER_PORT",
    }
)
# What may carry a sensitive job's input besides its POST: a run form prefilled from `?<variable>=…` posts
# back to that URL, and the browser names it as the referer.
QUERY_META_KEYS = frozenset({"QUERY_STRING", "HTTP_REFERER"})
# Form keys never copied into POST: the CSRF token is a secret of the browser session.
DROPPED_POST_KEYS = frozenset({"csrfmiddlewaretoken"})
REQUEST_SOURCES = ("web", "api", "cli", "schedule", "job-hook")
CLI_SERVER_NAME = "jobsplatform_runjob"


def safe_meta(meta: dict) -> dict[str, str]:
    return {key: value for key, value in meta.items() if key in SAFE_META_KEYS and isinstance(value, str)}


def plain_query_dict(query_dict, dropped: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A QueryDict as a plain dict: single values as strings, repeated keys as lists."""
    if hasattr(query_dict, "lists"):
        items = ((key, values[0] if len(values) == 1 else list(values)) for key, values in query_dict.lists())
    else:
        items = dict(query_dict).items()
    return {key: value for key, value in items if key not in dropped}


@dataclass
class JobRequest:
    """What `self.request` holds inside a job, whether started from the web, the API, the CLI or a schedule.

    `user` is the User object (or None) and is never serialized: `to_dict()` keeps `user_id`, and the
    runner passes the re-fetched user to `from_dict()` (or calls `load_user()`). FILES are never kept.
    """

    user: Any = field(default=None, repr=False, compare=False)
    user_id: str | None = None
    META: dict[str, str] = field(default_factory=dict)
    GET: dict[str, Any] = field(default_factory=dict)
    POST: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    source: str = "web"

    def __post_init__(self):
        if self.source not in REQUEST_SOURCES:
            raise ValueError(f"source must be one of {REQUEST_SOURCES}, not {self.source!r}")
        if self.user is not None and self.user_id is None:
            self.user_id = str(self.user.pk)
        self.META = safe_meta(self.META)
        self.id = str(self.id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for Celery kwargs and schedules."""
        return {
            "user_id": self.user_id,
            "META": dict(self.META),
            "GET": dict(self.GET),
            "POST": dict(self.POST),
            "path": self.path,
            "id": self.id,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], user=None, *, source: str | None = None) -> JobRequest:
        """Rebuild from to_dict() output; `source` overrides the stored one (e.g. "schedule")."""
        known = {key: data[key] for key in ("user_id", "META", "GET", "POST", "path", "id") if key in data}
        return cls(user=user, source=source or data.get("source", "web"), **known)

    @classmethod
    def from_http_request(
        cls, request, *, source: str | None = None, include_post: bool = True
    ) -> JobRequest:
        """Copy the safe part of a Django/DRF request; include_post=False for jobs with sensitive inputs,
        whose request keeps neither its POST nor its query string (GET, QUERY_STRING, the referer)."""
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        path = request.path
        meta = safe_meta(request.META)
        if not include_post:
            meta = {key: value for key, value in meta.items() if key not in QUERY_META_KEYS}
        return cls(
            user=user,
            META=meta,
            GET=plain_query_dict(request.GET) if include_post else {},
            POST=plain_query_dict(request.POST, DROPPED_POST_KEYS) if include_post else {},
            path=path,
            id=str(getattr(request, "id", None) or uuid.uuid4()),
            source=source or ("api" if path.startswith("/api/") else "web"),
        )

    @classmethod
    def for_cli(cls, user=None, *, source: str = "cli") -> JobRequest:
        """A request for a run started by a management command or a schedule (no HTTP involved)."""
        return cls(user=user, META={"SERVER_NAME": CLI_SERVER_NAME}, source=source)

    def load_user(self):
        """Fetch `user` by `user_id` if it is not loaded yet; None when there is no such user."""
        if self.user is None and self.user_id is not None:
            from django.contrib.auth import get_user_model

            self.user = get_user_model().objects.filter(pk=self.user_id).first()
        return self.user
