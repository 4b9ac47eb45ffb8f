"""The reaper ends runs that can no longer finish, with a line naming the cause (in-process, fabricated rows)."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.engine.services import RunRequest, submit_job
from extras.liveness.reaper import database_session_name, end_run_lost_by_pool, reap_lost_runs
from extras.models import JobLogEntry, JobResult, RunHeartbeat, WorkerHeartbeat
from tests.factories.dcim import ManufacturerFactory

pytestmark = pytest.mark.django_db(transaction=True)


# The runs and workers made here use a queue of their own: a real test worker may be beating into the same
# database (on "default"), and an idle one there would rightly make these runs look lost.
QUEUE = "reaper-tests"


def pending(job) -> JobResult:
    result = submit_job(RunRequest(job=job, source="cli", enqueue=False)).job_result
    JobResult.objects.filter(pk=result.pk).update(task_queue=QUEUE)
    result.task_queue = QUEUE
    return result


def last_message(result) -> str:
    return JobLogEntry.objects.filter(job_result_id=result.pk).order_by("-sequence").first().message


def test_a_running_result_with_a_stale_heartbeat_ends_errored_as_worker_lost(fixture_jobs):
    result = pending(fixture_jobs["SlowJob"])
    result.mark_running("host:123")
    JobResult.objects.filter(pk=result.pk).update(started=timezone.now() - timedelta(minutes=2))
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="host:123", beat=timezone.now() - timedelta(minutes=1)
    )
    assert reap_lost_runs() == [result]
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert last_message(result).startswith("Worker lost: host:123 stopped sending heartbeats")
    assert result.failure_count == 1


def test_a_lost_run_releases_the_locks_its_unreachable_process_still_held(fixture_jobs):
    """Multi-host defect: the transaction of a run on a machine that died (or was cut off) stayed open on
    the server, which was never told, holding its row locks; every run needing those rows waited for hours."""
    manufacturer = ManufacturerFactory()
    result = pending(fixture_jobs["SlowJob"])
    result.mark_running("gone:4242")
    JobResult.objects.filter(pk=result.pk).update(started=timezone.now() - timedelta(minutes=2))
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="gone:4242", beat=timezone.now() - timedelta(minutes=1)
    )
    lost = psycopg.connect(**session_arguments(database_session_name("gone:4242")))
    lost.execute("UPDATE dcim_manufacturer SET description = 'held' WHERE id = %s", [manufacturer.pk])

    try:
        assert reap_lost_runs() == [result]
        with (
            transaction.atomic()
        ):  # would wait for the lost transaction: lock_timeout turns that into an error
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            type(manufacturer).objects.filter(pk=manufacturer.pk).update(description="free")
        with pytest.raises(psycopg.OperationalError):
            lost.execute("COMMIT")
    finally:
        lost.close()
    assert type(manufacturer).objects.get(pk=manufacturer.pk).description == "free"


def session_arguments(application_name: str) -> dict:
    """psycopg arguments for a connection of its own to the test database, named as a pool process names it."""
    settings = connection.settings_dict
    arguments = {"dbname": settings["NAME"], "user": settings["USER"], "host": settings["HOST"]}
    arguments.update(password=settings["PASSWORD"] or None, port=settings["PORT"] or None)
    return {**arguments, "application_name": application_name}


def test_a_running_result_with_a_fresh_heartbeat_is_left_running(fixture_jobs):
    result = pending(fixture_jobs["SlowJob"])
    result.mark_running("host:123")
    RunHeartbeat.objects.create(job_result_id=result.pk, worker="host:123", beat=timezone.now())
    assert reap_lost_runs() == []
    assert JobResult.objects.get(pk=result.pk).status == Status.STATUS_RUNNING


def test_a_run_past_its_time_limit_is_reported_as_such(fixture_jobs):
    job = fixture_jobs["SlowJob"]
    type(job).objects.filter(pk=job.pk).update(time_limit=5, time_limit_override=True)
    result = pending(job)
    result.mark_running("host:9")
    JobResult.objects.filter(pk=result.pk).update(started=timezone.now() - timedelta(seconds=60))
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="host:9", beat=timezone.now() - timedelta(seconds=50)
    )
    reap_lost_runs()
    assert (
        last_message(result)
        == "The job hit its time limit of 5 seconds and its worker process (host:9) was stopped."
    )


@pytest.fixture
def sent(recording_dispatcher) -> list:
    """The runs the reaper handed to the workers (through the engine's dispatch port)."""
    return recording_dispatcher.runs


def alive_worker(hostname: str = "celery@host", incarnation: str = "now", **fields) -> WorkerHeartbeat:
    fields.setdefault("beat", timezone.now())
    return WorkerHeartbeat.objects.create(
        hostname=hostname, incarnation=incarnation, queues=[QUEUE], **fields
    )


def claim(result, identity: str, age: timedelta = timedelta(seconds=1)) -> None:
    moment = timezone.now() - age
    RunHeartbeat.objects.create(job_result_id=result.pk, worker=identity, claimed=moment, beat=moment)


def test_a_pending_run_claimed_by_a_vanished_worker_is_handed_out_again_once(fixture_jobs, sent):
    result = pending(fixture_jobs["SlowJob"])
    claim(result, "gone@host#1", age=timedelta(minutes=1))
    reap_lost_runs()
    result.refresh_from_db()
    assert sent == [result.pk]
    assert (result.status, result.attempts) == (Status.STATUS_PENDING, 1)
    assert "died before starting it; it was handed to the workers again (attempt 2)." in last_message(result)
    claim(result, "gone@host#1", age=timedelta(minutes=1))
    reap_lost_runs()
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert last_message(result).endswith(
        "died before starting it; it was already handed out again 1 time(s)."
    )


def test_a_run_claimed_by_the_previous_life_of_a_restarted_worker_is_handed_out_again(fixture_jobs, sent):
    """Defect 2: the restarted worker has the same name; its claim of the queued run is not its own."""
    alive_worker("celery@host", incarnation="second-start")
    result = pending(fixture_jobs["SlowJob"])
    claim(result, "celery@host#first-start")  # a fresh claim: no waiting for it to age

    reap_lost_runs()

    result.refresh_from_db()
    assert sent == [result.pk]
    assert (result.status, result.attempts) == (Status.STATUS_PENDING, 1)
    assert last_message(result).startswith(
        "Worker lost: celery@host#first-start took this run from the queue"
    )


def test_a_run_claimed_by_a_live_worker_is_left_alone(fixture_jobs, sent):
    alive_worker("celery@host", incarnation="now")
    result = pending(fixture_jobs["SlowJob"])
    claim(result, "celery@host#now", age=timedelta(minutes=10))

    assert reap_lost_runs() == []
    assert sent == []


def test_a_run_a_live_worker_dropped_without_starting_it_is_handed_out_again(fixture_jobs, sent):
    """The worker lost its broker connection: Celery forgets what it held but had not started."""
    alive_worker("celery@host", incarnation="now", idle_since=timezone.now() - timedelta(seconds=30))
    result = pending(fixture_jobs["SlowJob"])
    claim(result, "celery@host#now", age=timedelta(minutes=1))

    reap_lost_runs()

    result.refresh_from_db()
    assert (result.attempts, sent) == (1, [result.pk])
    assert "dropped it without starting it" in last_message(result)


def test_room_a_worker_reported_before_it_claimed_a_run_does_not_make_the_run_look_dropped(
    fixture_jobs, sent
):
    """Its last beat (8 s ago) found a free slot; it claimed the run after that beat and beat no more
    (it was just killed): nothing says it had room once it held the run."""
    now = timezone.now()
    alive_worker(
        "celery@host",
        incarnation="now",
        idle_since=now - timedelta(seconds=30),
        beat=now - timedelta(seconds=8),
    )
    result = pending(fixture_jobs["SlowJob"])
    claim(result, "celery@host#now", age=timedelta(seconds=7))

    assert reap_lost_runs() == []
    assert sent == []


def test_a_run_started_again_after_a_stale_claim_is_not_reaped_as_lost(fixture_jobs):
    """Defect 3: a redelivered run starts on a new worker; its old claim must not make it look lost."""
    result = pending(fixture_jobs["SlowJob"])
    claim(result, "celery@host#first-start", age=timedelta(minutes=1))
    result.mark_running("host:42")  # started now, before its own first heartbeat

    assert reap_lost_runs() == []
    assert JobResult.objects.get(pk=result.pk).status == Status.STATUS_RUNNING


def test_a_job_that_does_not_requeue_lost_runs_ends_them(fixture_jobs, sent):
    job = fixture_jobs["SlowJob"]
    type(job).objects.filter(pk=job.pk).update(requeue_lost_runs=0)
    result = pending(job)
    claim(result, "gone@host#1", age=timedelta(minutes=1))

    reap_lost_runs()

    result.refresh_from_db()
    assert (result.status, sent) == (Status.STATUS_ERRORED, [])
    assert "its job does not hand lost runs out again (Meta.requeue_lost_runs = 0)." in last_message(result)


def test_an_unclaimed_run_older_than_an_idle_listener_lost_its_message(fixture_jobs, sent):
    alive_worker(idle_since=timezone.now() - timedelta(seconds=30), concurrency=2)
    result = pending(fixture_jobs["SlowJob"])
    JobResult.objects.filter(pk=result.pk).update(created=timezone.now() - timedelta(minutes=1))

    reap_lost_runs()

    result.refresh_from_db()
    assert (result.status, result.attempts, sent) == (Status.STATUS_PENDING, 1, [result.pk])
    assert last_message(result).startswith("The run's message was lost")


def test_a_listener_that_became_idle_just_after_the_submission_still_reveals_the_lost_message(
    fixture_jobs, sent
):
    """The worker restarted two seconds after the run was submitted, and has taken nothing for a minute."""
    now = timezone.now()
    alive_worker(idle_since=now - timedelta(seconds=58), concurrency=2)
    result = pending(fixture_jobs["SlowJob"])
    JobResult.objects.filter(pk=result.pk).update(created=now - timedelta(seconds=60))

    reap_lost_runs()

    assert sent == [result.pk]


def test_a_run_handed_out_again_gives_its_new_message_time_to_arrive(fixture_jobs, sent):
    """Multi-host defect: the lost-message rule measured from the run's creation, so a run just handed out
    again looked lost at once (an idle listener had had room since long before) and was ended errored
    before a worker could claim its new message."""
    alive_worker(idle_since=timezone.now() - timedelta(seconds=30), concurrency=2)
    result = pending(fixture_jobs["SlowJob"])
    JobResult.objects.filter(pk=result.pk).update(created=timezone.now() - timedelta(minutes=1))
    reap_lost_runs()  # its first message was lost: handed out again
    assert sent == [result.pk]

    assert reap_lost_runs() == []  # the new message has just been sent

    result.refresh_from_db()
    assert (result.status, result.attempts) == (Status.STATUS_PENDING, 1)
    assert result.sent is not None and result.sent > result.created


def test_an_unclaimed_run_waiting_behind_busy_workers_is_left_alone(fixture_jobs, sent):
    alive_worker(idle_since=None, concurrency=2)  # every slot taken
    result = pending(fixture_jobs["SlowJob"])
    JobResult.objects.filter(pk=result.pk).update(created=timezone.now() - timedelta(minutes=10))

    assert reap_lost_runs() == []
    assert sent == []


def test_a_run_submitted_after_the_listener_became_idle_is_left_alone(fixture_jobs, sent):
    alive_worker(idle_since=timezone.now() - timedelta(seconds=30), concurrency=2)
    pending(fixture_jobs["SlowJob"])  # created now: the worker may not have seen it yet

    assert reap_lost_runs() == []
    assert sent == []


def test_a_lost_pending_run_whose_inputs_were_not_stored_is_ended_with_that_reason(fixture_jobs):
    result = pending(fixture_jobs["PassingJob"])  # sensitive by default: inputs never stored
    claim(result, "gone@host#1", age=timedelta(minutes=1))
    reap_lost_runs()
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert "inputs were not stored (sensitive variables), so it cannot be handed out again" in last_message(
        result
    )


def test_a_pool_process_lost_while_running_ends_the_run_at_once(fixture_jobs):

    result = pending(fixture_jobs["SlowJob"])
    result.mark_running("host:7")

    end_run_lost_by_pool(result.pk, "Worker exited prematurely: signal 9 (SIGKILL) Job: 3.")

    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert last_message(result).startswith(
        "Worker lost: the process running this job died (`Worker exited prematurely: signal 9 (SIGKILL)"
    )


def test_a_pool_process_stopped_at_the_hard_time_limit_says_so(fixture_jobs):

    job = fixture_jobs["SlowJob"]
    type(job).objects.filter(pk=job.pk).update(time_limit=5, time_limit_override=True)
    result = pending(job)
    result.mark_running("host:7")

    end_run_lost_by_pool(result.pk, "TimeLimitExceeded(5)", time_limit_hit=True)

    assert (
        last_message(result) == "The job hit its time limit of 5 seconds and its worker process was stopped."
    )


def test_a_pool_report_about_a_finished_run_changes_nothing(fixture_jobs):

    result = pending(fixture_jobs["SlowJob"])
    result.mark_running("host:7")
    result.mark_finished(Status.STATUS_COMPLETED)

    assert end_run_lost_by_pool(result.pk, "late") is False
    assert not JobLogEntry.objects.filter(job_result_id=result.pk).exists()


def test_a_pending_run_nobody_listens_for_is_abandoned_after_the_timeout(fixture_jobs):
    result = pending(fixture_jobs["PassingJob"])
    JobResult.objects.filter(pk=result.pk).update(created=timezone.now() - timedelta(hours=1))
    reap_lost_runs()
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert f'No worker has been listening on queue "{QUEUE}"' in last_message(result)


def test_a_pending_run_waiting_for_a_live_worker_is_left_alone(fixture_jobs):
    WorkerHeartbeat.objects.create(hostname="alive@host", queues=[QUEUE], beat=timezone.now())
    result = pending(fixture_jobs["PassingJob"])
    JobResult.objects.filter(pk=result.pk).update(created=timezone.now() - timedelta(hours=1))
    assert reap_lost_runs() == []
    assert JobResult.objects.get(pk=result.pk).status == Status.STATUS_PENDING


def test_heartbeats_left_behind_by_finished_runs_are_removed(fixture_jobs):
    result = pending(fixture_jobs["PassingJob"])
    result.mark_running("host:1")
    result.mark_finished(Status.STATUS_COMPLETED)
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="host:1", beat=timezone.now() - timedelta(minutes=5)
    )
    reap_lost_runs()
    assert not RunHeartbeat.objects.exists()


def test_a_run_another_reaper_just_handed_out_again_is_not_ended_by_a_second_one(fixture_jobs, sent):
    """Every worker and beat reap: two passes may decide on the same lost run before either acts."""
    from extras.liveness.reaper import requeue_or_end

    result = pending(fixture_jobs["SlowJob"])
    seen_by_both = JobResult.objects.get(pk=result.pk)  # read by two reapers at once
    cause = "Worker lost: gone@host#1 took this run from the queue and died before starting it"

    assert requeue_or_end(seen_by_both, cause) == "requeued"
    assert requeue_or_end(seen_by_both, cause) is None  # the second acts on what it read before

    result.refresh_from_db()
    assert (result.status, result.attempts, sent) == (Status.STATUS_PENDING, 1, [result.pk])


def test_a_claim_written_the_moment_the_new_message_arrives_survives_the_hand_out(
    fixture_jobs, recording_dispatcher
):
    """Multi-host defect: the reaper cleared the old claim after publishing the new message, so a worker fast
    enough to claim it in between lost its claim, and the run was later called lost a second time."""
    alive_worker("celery@fast", incarnation="now", idle_since=None, concurrency=2)
    result = pending(fixture_jobs["SlowJob"])
    claim(result, "gone@host#1", age=timedelta(minutes=1))
    worker = psycopg.connect(**session_arguments("celery@fast"), autocommit=True)

    def received_and_claimed_at_once(run, **message) -> None:
        worker.execute(  # the worker's claim, committed on its own connection while the reaper's is open
            "INSERT INTO extras_runheartbeat (job_result_id, worker, claimed, beat) VALUES (%s, %s, now(), now()) "
            "ON CONFLICT (job_result_id) DO UPDATE SET worker = EXCLUDED.worker, claimed = now(), beat = now()",
            [run.pk, "celery@fast#now"],
        )
        recording_dispatcher.runs.append(run.pk)

    recording_dispatcher.send_run = received_and_claimed_at_once
    try:
        reap_lost_runs()
    finally:
        worker.close()

    assert recording_dispatcher.runs == [result.pk]
    assert RunHeartbeat.objects.get(job_result_id=result.pk).worker == "celery@fast#now"
    assert reap_lost_runs() == []  # in the hands of a live worker
