"""Next occurrences per interval kind, in the schedule's time zone, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

import pytest

from extras.schedules.occurrences import first_occurrence, following_occurrence, is_valid_crontab, zone

BERLIN = zone("Europe/Berlin")
NEW_YORK = zone("America/New_York")


def chain(interval, start, tz, count, crontab=""):
    moments, after = [], start
    for _ in range(count):
        after = following_occurrence(interval, start, crontab, tz, after)
        moments.append(after)
    return moments


def local(moments, tz):
    return [moment.astimezone(tz).strftime("%m-%d %H:%M %Z") for moment in moments]


def test_daily_keeps_its_local_time_when_clocks_go_forward():
    start = datetime(2026, 3, 27, 9, 0, tzinfo=BERLIN)  # Europe moves to summer time on 29 March
    assert local(chain("daily", start, BERLIN, 3), BERLIN) == [
        "03-28 09:00 CET",
        "03-29 09:00 CEST",
        "03-30 09:00 CEST",
    ]


def test_daily_at_a_time_that_happens_twice_runs_once_when_clocks_go_back():
    start = datetime(2026, 10, 24, 2, 30, tzinfo=BERLIN)  # 02:30 happens twice on 25 October
    assert local(chain("daily", start, BERLIN, 2), BERLIN) == ["10-25 02:30 CEST", "10-26 02:30 CET"]


def test_daily_at_a_time_that_does_not_exist_runs_just_after_the_gap():
    start = datetime(2026, 3, 28, 2, 30, tzinfo=BERLIN)  # 02:30 does not exist on 29 March
    assert local(chain("daily", start, BERLIN, 2), BERLIN) == ["03-29 03:30 CEST", "03-30 02:30 CEST"]


def test_weekly_repeats_on_the_weekday_of_its_start_in_its_zone():
    start = datetime(2026, 11, 1, 23, 30, tzinfo=NEW_YORK)  # a Sunday in New York, Monday in UTC
    moments = chain("weekly", start, NEW_YORK, 2)
    assert [moment.astimezone(NEW_YORK).strftime("%a %H:%M") for moment in moments] == ["Sun 23:30"] * 2


def test_hourly_is_every_sixty_minutes_of_real_time():
    start = datetime(2026, 10, 25, 1, 15, tzinfo=BERLIN)
    moments = chain("hourly", start, BERLIN, 3)
    assert [(b - a).total_seconds() for a, b in pairwise(moments)] == [3600.0, 3600.0]
    assert local(moments, BERLIN) == ["10-25 02:15 CEST", "10-25 02:15 CET", "10-25 03:15 CET"]


def test_custom_crontab_is_read_on_the_local_clock():
    after = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    moments = chain("custom", after, NEW_YORK, 2, crontab="0 9 * * 1-5")
    assert local(moments, NEW_YORK) == ["06-01 09:00 EDT", "06-02 09:00 EDT"]  # 12:00 UTC is 08:00 there


def test_one_offs_have_no_following_occurrence():
    start = datetime(2030, 1, 1, tzinfo=UTC)
    assert following_occurrence("future", start, "", zone("UTC"), start) is None
    assert following_occurrence("immediately", start, "", zone("UTC"), start) is None


def test_first_occurrence_of_custom_is_the_first_match_after_start_or_now():
    now = datetime(2026, 6, 1, 12, 7, tzinfo=UTC)
    assert first_occurrence("custom", None, "*/15 * * * *", zone("UTC"), now) == datetime(
        2026, 6, 1, 12, 15, tzinfo=UTC
    )
    assert first_occurrence("future", datetime(2030, 1, 1, tzinfo=UTC), "", zone("UTC"), now).year == 2030


@pytest.mark.parametrize(
    ("expression", "valid"),
    [
        ("*/15 * * * *", True),
        ("0 9 * * 1-5", True),
        ("5,35 0-23/2 1 1,6 *", True),
        ("* * * *", False),
        ("@daily", False),
        ("61 * * * *", False),
        ("0 9 * * MON", False),
        ("0 9 L * *", False),
        ("", False),
    ],
)
def test_crontab_validation(expression, valid):
    assert is_valid_crontab(expression) is valid


def test_unknown_time_zone_is_a_value_error():
    with pytest.raises(ValueError, match="Unknown time zone"):
        zone("Mars/Olympus")


def test_a_custom_schedule_fires_at_its_start_time_when_that_matches():
    start = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    now = datetime(2030, 6, 1, tzinfo=UTC)
    assert first_occurrence("custom", start, "0 9 * * *", zone("UTC"), now) == start
