"""Exceptions of the job authoring API: bad job input, unsafe file paths, and a clean early stop."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

__all__ = ["NON_FIELD_ERRORS", "AbortJob", "JobDataError", "JobFilePathError"]


class JobDataError(ValidationError):
    """Job input that failed validation, keyed by variable name.

    `errors` maps each variable name to its messages; problems with the input as a whole (e.g. "Job data
    needs to be a dict") sit under NON_FIELD_ERRORS ("__all__"). Being a Django ValidationError, it can
    also be handed to a form (`form.add_error(None, error)`).
    """

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {name: [str(message) for message in messages] for name, messages in errors.items()}
        super().__init__({name: list(messages) for name, messages in self.errors.items()})

    @classmethod
    def non_field(cls, message: str) -> JobDataError:
        return cls({NON_FIELD_ERRORS: [message]})

    def as_api_errors(self) -> dict[str, list[str]]:
        """The `errors` of the API's error body: messages by variable name, whole-input ones under `data`.

        `data` is the request field that holds the input, so {"data": ["Job data needs to be a dict"]}
        names what the client sent.
        """
        errors: dict[str, list[str]] = {}
        for name, messages in self.errors.items():
            errors.setdefault("data" if name == NON_FIELD_ERRORS else name, []).extend(messages)
        return errors

    def __str__(self) -> str:
        parts = []
        for name, messages in self.errors.items():
            prefix = "" if name == NON_FIELD_ERRORS else f"{name}: "
            parts.extend(f"{prefix}{message}" for message in messages)
        return "; ".join(parts)


class JobFilePathError(ValueError):
    """A load_yaml()/load_json() path that is absolute or resolves outside the job's own directory."""


class AbortJob(Exception):
    """Raise from run() or a test method to stop the job with a message and no traceback.

    The runner records the message as a failure log entry instead of a traceback; post_run() still runs.
    """
