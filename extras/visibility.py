"""What a user may see of a run, a change or an object shown inside another answer: what its own URL shows them.

One rule for every serializer and page that embeds something (a job's newest run, a change log entry's run,
a repository's last sync, a changed object): it is shown only if the user could read it at its own
endpoint, decided by the same permission machinery (`restrict()` / users.permissions.restrict_queryset).
A run's stored inputs are never shown for a job flagged as having sensitive variables, whoever asks.

`Visibility` caches its answers, so a list costs one query per distinct embedded object for a user whose
permissions are constrained, and none for users who see everything of that type.
"""

from __future__ import annotations

from django.db.models import Model, OuterRef, Subquery

from extras.choices import JobResultStatusChoices
from extras.models import GitRepository, Job, JobResult
from users.permissions import restrict_as_own_endpoint, sees_all, user_has_perm


def sees_every(user, model: type[Model]) -> bool:
    """No query needed: the user may view every object of `model` (for runs: every job and repository too)."""
    if model is JobResult:
        return all(sees_all(user, each) for each in (JobResult, Job, GitRepository))
    return sees_all(user, model)


def newest_visible_results(jobs: list[Job], user, *, finished_only: bool = True) -> dict:
    """The newest (finished) result of each job among those `user` may view, keyed by job id."""
    if not jobs or not user_has_perm(user, "extras.view_jobresult"):
        return {}
    newest = restrict_as_own_endpoint(JobResult.objects.all(), user).filter(job_model=OuterRef("pk"))
    if finished_only:
        newest = newest.filter(status__in=JobResultStatusChoices.TERMINAL)
    ids = (
        Job.objects.filter(pk__in=[job.pk for job in jobs])
        .annotate(result_id=Subquery(newest.order_by("-created").values("pk")[:1]))
        .values_list("result_id", flat=True)
    )
    results = JobResult.objects.filter(pk__in=[pk for pk in ids if pk]).select_related("user", "job_model")
    return {result.job_model_id: result for result in results}


def servable_inputs(result: JobResult) -> dict | None:
    """A run's stored inputs as they may be served: never those of a job (now) flagged sensitive."""
    job = result.job_model
    if job is None or job.has_sensitive_variables:
        return None
    return result.job_kwargs


def servable_schedule_data(schedule) -> dict:
    """A schedule's stored input as it may be shown: never that of a job (now) flagged sensitive."""
    job = schedule.job_model
    if job is not None and job.has_sensitive_variables:
        return {}
    return schedule.data


def visible_values(objects: dict, user) -> dict:
    """The entries of `objects` (key → instance of one model) whose instance `user` may view; one query."""
    if not objects:
        return {}
    model = type(next(iter(objects.values())))
    if sees_every(user, model):
        return dict(objects)
    pks = {obj.pk for obj in objects.values()}
    visible = set(
        restrict_as_own_endpoint(model._default_manager.filter(pk__in=pks), user).values_list("pk", flat=True)
    )
    return {key: obj for key, obj in objects.items() if obj.pk in visible}


class Visibility:
    """Answers "may this user see that object here?" for one answer, each object asked about once."""

    def __init__(self, user):
        self.user = user
        self.known: dict[tuple[type[Model], object], bool] = {}

    def may_view(self, model: type[Model], pk) -> bool:
        if pk is None:
            return False
        key = (model, pk)
        if key not in self.known:
            self.known[key] = sees_every(self.user, model) or (
                restrict_as_own_endpoint(model._default_manager.filter(pk=pk), self.user).exists()
            )
        return self.known[key]

    def shown(self, obj: Model | None) -> Model | None:
        """`obj` if the user may view it, else None."""
        if obj is None or not self.may_view(type(obj), obj.pk):
            return None
        return obj


def visibility_in(context: dict) -> Visibility | None:
    """The answer's Visibility, kept in a serializer context; None when there is no request (internal use,
    such as the change log's snapshot of an object, which is not an answer to anyone)."""
    request = context.get("request")
    if request is None:
        return None
    if "visibility" not in context:
        context["visibility"] = Visibility(request.user)
    return context["visibility"]


def shown_in(context: dict, obj: Model | None) -> Model | None:
    """`obj` as a serializer may embed it: None unless the requesting user may view it."""
    visibility = visibility_in(context)
    return obj if visibility is None else visibility.shown(obj)
