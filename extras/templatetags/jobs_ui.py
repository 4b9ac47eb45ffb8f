"""Template helpers of the jobs UI: status and level badges, durations, sanitized Markdown, schedule times."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from extras.choices import JobResultStatusChoices, LogLevelChoices
from extras.engine.progress import progress_of
from extras.ui.markdown import render_markdown, safe_url
from extras.ui.result_summary import ChangesOutcome, changes_outcome

register = template.Library()

STATUS_COLOURS = {
    JobResultStatusChoices.STATUS_PENDING: "secondary",
    JobResultStatusChoices.STATUS_RUNNING: "warning",
    JobResultStatusChoices.STATUS_COMPLETED: "success",
    JobResultStatusChoices.STATUS_FAILED: "danger",
    JobResultStatusChoices.STATUS_ERRORED: "danger",
    JobResultStatusChoices.STATUS_CANCELLED: "dark",
}
LEVEL_COLOURS = {
    LogLevelChoices.LOG_DEBUG: "secondary",
    LogLevelChoices.LOG_SUCCESS: "success",
    LogLevelChoices.LOG_INFO: "info",
    LogLevelChoices.LOG_WARNING: "warning",
    LogLevelChoices.LOG_FAILURE: "danger",
}


@register.simple_tag
def status_badge(status: str) -> SafeString:
    """The run's status as a coloured badge; the text carries the meaning, not the colour."""
    colour = STATUS_COLOURS.get(status, "secondary")
    return format_html(
        '<span class="badge text-bg-{} status-badge" data-status="{}">{}</span>',
        colour,
        status,
        JobResultStatusChoices.label_of(status),
    )


@register.simple_tag
def level_badge(level: str) -> SafeString:
    colour = LEVEL_COLOURS.get(level, "secondary")
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, LogLevelChoices.label_of(level))


@register.filter
def level_colour(level: str) -> str:
    return LEVEL_COLOURS.get(level, "secondary")


@register.filter
def level_label(level: str) -> str:
    return LogLevelChoices.label_of(level)


@register.filter
def duration(value: timedelta | None) -> str:
    """`2.35 s`, `3 min 4.2 s`, `1 h 2 min`: readable at a glance."""
    if value is None:
        return ""
    seconds = max(value.total_seconds(), 0)
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{int(minutes)} min {seconds:.1f} s"
    hours, minutes = divmod(minutes, 60)
    return f"{int(hours)} h {int(minutes)} min"


@register.filter
def rough_duration(value: timedelta | None) -> str:
    """`45 s`, `2 min`, `1 h 5 min`: an estimate, not a measurement, so no decimals."""
    if value is None:
        return ""
    seconds = round(max(value.total_seconds(), 0))
    if seconds < 90:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


@register.filter
def progress(result):
    """The run's reported progress with its ETA, or None (extras/engine/progress.py)."""
    return progress_of(result)


@register.filter
def outcome(result) -> ChangesOutcome:
    """What happened to a run's database changes (extras/ui/result_summary.py)."""
    return changes_outcome(result)


@register.filter
def markdown(text: str | None) -> SafeString:
    return render_markdown(text)


@register.filter
def safe_link(url: str | None) -> str | None:
    return safe_url(url)


@register.simple_tag
def counted_levels(counts: dict | None) -> list[tuple[str, int]]:
    """(level, count) for the levels a result summary shows: success, info, warning, failure."""
    counts = counts or {}
    return [(level, counts.get(level, 0)) for level in LogLevelChoices.COUNTED]


@register.simple_tag
def log_levels() -> list[str]:
    return LogLevelChoices.values()


@register.filter
def url_of(obj) -> str | None:
    """The object's page, or None when it has none (yet): a missing route must not break a page."""
    from django.urls import NoReverseMatch

    try:
        return obj.get_absolute_url() if obj is not None else None
    except NoReverseMatch:
        return None


@register.filter
def in_zone(value, time_zone: str | None) -> str:
    """`2030-01-01 02:00 CET`: a moment on the wall clock of a schedule's time zone (server's if unknown)."""
    from django.utils import timezone

    from extras.schedules.occurrences import zone

    if value is None:
        return ""
    try:
        tz = zone(time_zone) if time_zone else timezone.get_current_timezone()
    except ValueError:
        tz = timezone.get_current_timezone()
    return f"{timezone.localtime(value, tz):%Y-%m-%d %H:%M %Z}"
