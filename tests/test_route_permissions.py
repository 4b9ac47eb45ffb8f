"""The permission test generated from the URL conf (issue 20, "Make the class impossible").

Every route of `get_resolver()` is classified by the model it serves (read from the view: its `queryset`,
a viewset's queryset, or the short table EXTRA_MODELS below), or is on the short PUBLIC / OWN_ACCOUNT
allowlists. A route nobody classified fails `test_every_route_is_classified`, saying what to do: a new route
is covered without writing a test for it, or it is refused until someone says what it is.

For every classified route:
(a) an authenticated user without any permission gets 403 or 404, for every method the route takes;
(b) a user who may do everything except see some objects (their constraints leave out one "hidden" object
    per model, and whatever points at it) never finds a hidden object's id or marked text in any answer:
    lists, details, brief forms, CSV exports, edit forms, searches, change-log and job-runs tabs.
The data is made once per module with the factories in tests/factories (and small builders for the jobs
engine's records, which have none).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dcim.models import Device
from extras.models import (
    FileProxy,
    GitRepository,
    Job,
    JobButton,
    JobHook,
    JobLogEntry,
    JobQueue,
    JobResult,
    ObjectChange,
    ScheduledJob,
)
from tests.factories.users import SuperuserFactory, UserFactory, grant
from tests.permission_world import MARK, NEEDLE, World, hidden_closure, make_change, make_pair

pytestmark = pytest.mark.django_db  # also makes pytest-django create the test database for the module's data

# Routes that are public by design (or answer every signed-in user the same): never about one object.
PUBLIC = {
    "login",
    "logout",
    "healthz",
    "docs",
    "docs-page",
    "home",  # counts per menu item, each restricted (core.menu.visible_menu)
    "search",  # checked by (b): it searches only what the user may view
    "api-root",
    "api-status",
    "schema",
    "api-docs",
    "dcim-api:api-root",
    "ipam-api:api-root",
    "tenancy-api:api-root",
    "circuits-api:api-root",
    "virtualization-api:api-root",
    "extras-api:api-root",
    "users-api:api-root",
    # The next run times of a schedule typed into a run form: computed from the query, nothing stored is read.
    "extras:scheduledjob_preview",
    "extras-api:scheduledjob-preview",
    None,  # unnamed: the favicon redirect and the moved-endpoint redirects (MovedPermanently)
}
# The signed-in user's own account: profile and their own tokens, never anyone else's.
OWN_ACCOUNT = {"users:profile", "users:token_list", "users:token_add", "users:token_delete"}
# Views with no `queryset` to read the model from: url name → the model whose permission guards them.
EXTRA_MODELS: dict[str, type[Model]] = {
    "extras:job_list": Job,
    "extras:job_bulk_enable": Job,
    "extras:job": Job,
    "extras:job_edit": Job,
    "extras:jobresult_list": JobResult,
    "extras:jobresult_bulk_delete": JobResult,
    "extras:jobresult": JobResult,
    "extras:jobresult_live": JobResult,
    "extras:jobresult_log_csv": JobResult,
    "extras:jobresult_log_txt": JobResult,
    "extras:jobresult_delete": JobResult,
    "extras:jobresult_changes": JobResult,
    "extras:jobresult_commit": JobResult,
    "extras:scheduledjob_list": ScheduledJob,
    "extras:scheduledjob_preview": ScheduledJob,
    "extras:scheduledjob_approval_queue": ScheduledJob,
    "extras:scheduledjob": ScheduledJob,
    "extras:scheduledjob_enable": ScheduledJob,
    "extras:scheduledjob_delete": ScheduledJob,
    "extras:scheduledjob_approve": ScheduledJob,
    "extras:scheduledjob_deny": ScheduledJob,
    "extras:scheduledjob_dry_run": ScheduledJob,
    "extras:gitrepository_add": GitRepository,
    "extras:gitrepository": GitRepository,
    "extras:gitrepository_edit": GitRepository,
    "extras:gitrepository_sync": GitRepository,
    "extras:objectchange_list": ObjectChange,
    "extras:objectchange": ObjectChange,
    "extras:run_on_selection": Job,
    "extras:jobbutton_run": JobButton,
}
# Leaks this test found that are being fixed elsewhere (issue 20): each must still leak, so that fixing one
# means deleting its line here.
KNOWN_LEAKS: dict[str, str] = {}
ADMIN_NAMESPACE = "admin"  # Django's admin: staff only (checked apart: a non-staff user is sent to its login)


@dataclass
class Route:
    pattern: str
    name: str | None
    view: object
    model: type[Model] | None = None
    methods: list[str] = field(default_factory=list)
    kwargs: list[str] = field(default_factory=list)

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    def __str__(self) -> str:
        return f"{self.name or '(unnamed)'} /{self.pattern}"


def walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(
                prefix + str(entry.pattern), name, entry.callback, kwargs=list(entry.pattern.regex.groupindex)
            )


def model_of(route: Route) -> type[Model] | None:
    view = route.view
    viewset = getattr(view, "cls", None)
    actions = getattr(view, "actions", None)
    if viewset is not None and actions:  # a DRF viewset route
        route.methods = [method.upper() for method in actions]
        queryset = getattr(viewset, "queryset", None)
        return queryset.model if queryset is not None else None
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return None
    route.methods = [method.upper() for method in ("get", "post") if hasattr(view_class, method)]
    queryset = getattr(view, "view_initkwargs", {}).get("queryset")
    if queryset is None:
        queryset = getattr(view_class, "queryset", None)
    if route.name in EXTRA_MODELS:
        return EXTRA_MODELS[route.name]
    return queryset.model if queryset is not None else None


def classify(patterns=None) -> tuple[list[Route], list[Route]]:
    """(routes with their model, routes nobody classified)."""
    classified, unknown = [], []
    for route in walk(get_resolver().url_patterns if patterns is None else patterns):
        if route.name in PUBLIC or route.name in OWN_ACCOUNT:
            continue
        if route.name and route.name.split(":")[0] == ADMIN_NAMESPACE:
            continue
        if "format" in route.kwargs:  # DRF's `.json` suffix twins of routes already walked
            continue
        route.model = model_of(route)
        (classified if route.model is not None else unknown).append(route)
    return classified, unknown


ROUTES, UNCLASSIFIED = classify()


def test_every_route_is_classified():
    assert not UNCLASSIFIED, (
        "These routes are not classified, so the generated permission test cannot check them: give the view a "
        "`queryset` (or add the route to EXTRA_MODELS with the model whose permission guards it), or, when it is "
        "public by design, to PUBLIC in tests/test_route_permissions.py:\n"
        + "\n".join(f"  {route}" for route in UNCLASSIFIED)
    )


def test_the_walk_covers_every_declared_model_and_the_extras_routes():
    from core.declarations.registry import declarations

    served = {route.model for route in ROUTES}
    expected = {declaration.model for declaration in declarations()} | {
        Job,
        JobResult,
        ScheduledJob,
        GitRepository,
        ObjectChange,
        JobButton,
        JobHook,
        JobQueue,
    }
    assert expected <= served, f"not walked: {expected - served}"
    kinds = {route.name for route in ROUTES}
    for name in (
        "dcim:device_list",
        "dcim:device",
        "dcim:device_edit",
        "dcim:device_delete",
        "dcim-api:device-list",
        "dcim-api:device-detail",
        "extras:scheduledjob_approval_queue",
        "extras-api:jobhook-detail",
        "extras:fileproxy_download",
        "extras-api:fileproxy-list",
        "extras-api:fileproxy-detail",
        "extras-api:fileproxy-download",
    ):
        assert name in kinds, name


def test_a_new_route_nobody_classified_is_reported():
    from django.urls import path
    from django.views import View

    class NewView(View):
        def get(self, request):
            raise AssertionError("never called")

    classified, unknown = classify([path("new-thing/<uuid:pk>/", NewView.as_view(), name="new_thing")])
    assert classified == [] and [route.name for route in unknown] == ["new_thing"]


# --- The data: one visible and one hidden object per model, made once -------------------------------------
# Every hidden object's text starts with NEEDLE, which must never be served to the constrained user; searches
# ask for MARK, so a search box echoing the query never shows NEEDLE.


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.test import override_settings

    from extras.routers import LIVE_ALIAS
    from tests.factories.extras import FIXTURE_JOBS_ROOT, sync_fixture_jobs

    # Both aliases: log lines and files are written on `job_logs`, and must not outlive the module either.
    with (
        django_db_blocker.unblock(),
        override_settings(JOBS_ROOT=FIXTURE_JOBS_ROOT),
        transaction.atomic(),
        transaction.atomic(using=LIVE_ALIAS),
    ):
        admin = SuperuserFactory()
        jobs = sync_fixture_jobs()
        models = sorted({route.model for route in ROUTES}, key=lambda m: (m is not Device, m._meta.label))
        visible, hidden = {}, {}
        for model in models:
            visible[model], hidden[model] = make_pair(model, jobs, admin, visible)
        # The hidden objects' history: the change log must not name them either.
        about_hidden = {}
        for model in models:
            if model not in (ObjectChange, JobLogEntry, FileProxy, JobResult):
                change = make_change(hidden[model], admin, f"{NEEDLE}{model._meta.model_name}")
                about_hidden.setdefault(ObjectChange, change)
        seeds = {model: {obj.pk} for model, obj in hidden.items()}
        seeds[JobResult].add(hidden[JobLogEntry].job_result_id)
        seeds[JobResult].add(hidden[FileProxy].job_result_id)
        hidden_pks = hidden_closure(seeds)
        constrained = UserFactory(username="constrained")
        for model in models:
            # A proxy (DeviceRole) shares its table with its concrete model (Role): what is hidden in one
            # is hidden in the other, since a grant on a model covers its proxies.
            table = model._meta.concrete_model
            hidden_rows = set().union(
                *(pks for other, pks in hidden_pks.items() if other._meta.concrete_model is table)
            )
            everything_else = model._base_manager.exclude(pk__in=hidden_rows)
            constraint = {"pk__in": [str(pk) for pk in everything_else.values_list("pk", flat=True)]}
            grant(constrained, model, ["view", "add", "change", "delete", "run", "approve"], constraint)
        nobody = UserFactory(username="nobody")
        offering = {Job: [jobs[name] for name in ("TouchDeviceJob", "CheckDevicesJob", "EveryVariableJob")]}
        yield World(visible, hidden, hidden_pks, jobs, nobody, constrained, about_hidden, offering)
        transaction.set_rollback(True)
        transaction.set_rollback(True, using=LIVE_ALIAS)


def url_for(route: Route, obj: Model | None) -> str:
    kwargs = {}
    for name in route.kwargs:
        if name == "pk":
            kwargs["pk"] = obj.pk
        elif name in ("source", "module", "job_class"):
            kwargs = {"source": obj.source_name, "module": obj.module_name, "job_class": obj.job_class_name}
        else:
            raise AssertionError(f"{route}: no value known for the URL argument {name!r}")
    return reverse(route.name, kwargs=kwargs)


def client_for_route(route: Route, user) -> Client:
    if route.is_api:
        from tests.api_base import client_for

        return client_for(user)
    client = Client()
    client.force_login(user)
    return client


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


V2_VERSION = "2.4"


def dialect_queries(route: Route) -> list[str]:
    """The URL suffixes that reach each view of a route: a route answered by a 1.x and a 2.x view
    (core.api.versioning.versioned) is tried in both dialects."""
    if hasattr(route.view, "dialects"):
        return ["", f"?api_version={V2_VERSION}"]
    return [""]


def test_the_2x_dialect_views_are_walked():
    versioned = {route.name for route in ROUTES if hasattr(route.view, "dialects")}
    assert {"extras-api:job-run", "extras-api:jobresult-detail", "extras-api:joblogentry-list"} <= versioned


def test_a_user_without_permissions_gets_403_or_404_everywhere(world):
    """(a): every classified route and method (in each dialect), with a real object where the route takes one."""
    failures = []
    clients = {}
    for route in ROUTES:
        client = clients.setdefault(route.is_api, client_for_route(route, world.nobody))
        base = url_for(route, world.hidden[route.model] if route.kwargs else None)
        for url in (base + query for query in dialect_queries(route)):
            for method in route.methods:
                response = getattr(client, method.lower())(url)
                if response.status_code not in (403, 404):
                    failures.append(f"{method} {url} ({route.name}): {response.status_code}")
    assert not failures, "A user without permissions was answered:\n" + "\n".join(failures)


def queries_for(route: Route) -> list[str]:
    """The query strings each GET of `route` is tried with: every API version, brief, a search, a CSV export."""
    from django.conf import settings

    if route.is_api:
        versions = [f"api_version={version}" for version in settings.REST_FRAMEWORK["ALLOWED_VERSIONS"]]
        extra = ["brief=1"] + (["limit=1000", f"q={MARK}"] if not route.kwargs else [])
        return ["", *versions, *extra]
    if route.name.endswith("_list"):
        return ["", "export=csv", f"q={MARK}"]
    return [""]


def problems_of(response, url: str, needles: dict, must_refuse: bool) -> list[str]:
    """What a GET answer shows that the constrained user may not see (or a hidden object not refused)."""
    problems = []
    if must_refuse and response.status_code not in (403, 404):
        problems.append(f"GET {url}: {response.status_code} for a hidden object")
    if response.status_code >= 500:
        return [*problems, f"GET {url}: {response.status_code}"]
    text = body_of(response)
    found = [what for needle, what in needles.items() if needle in text]
    if found:
        problems.append(f"GET {url}: shows hidden {'; '.join(found[:3])}")
    return problems


def urls_to_read(route, world, suffix: str) -> list[tuple[str, bool]]:
    """(url, must it be refused) of the route: the visible object, the hidden one, those offering it."""
    if not route.kwargs:
        return [(url_for(route, None) + suffix, False)]
    urls = [
        (url_for(route, world.visible[route.model]) + suffix, False),
        (url_for(route, world.hidden[route.model]) + suffix, True),
    ]
    urls += [(url_for(route, other) + suffix, False) for other in world.offering.get(route.model, [])]
    if route.model in world.about_hidden:
        urls.append((url_for(route, world.about_hidden[route.model]) + suffix, True))
    return urls


def test_a_constrained_user_never_sees_a_hidden_object(world):
    """(b): lists (every API version, brief, CSV export, search), details and edit forms of visible objects,
    their change-log and job-runs tabs, the global search, and the hidden objects' own URLs (403/404) never
    carry a hidden object's id or marked text. KNOWN_LEAKS must still leak: fixing one means removing it there."""
    needles = world.needles()
    leaks: dict[str, list[str]] = {}
    clients = {}

    def check(client, url: str, route_name: str, *, must_refuse: bool = False) -> None:
        leaks.setdefault(route_name, []).extend(problems_of(client.get(url), url, needles, must_refuse))

    for route in ROUTES:
        if "GET" not in route.methods:
            continue
        client = clients.setdefault(route.is_api, client_for_route(route, world.constrained))
        for query in queries_for(route):
            for url, must_refuse in urls_to_read(route, world, f"?{query}" if query else ""):
                check(client, url, route.name, must_refuse=must_refuse)
    ui = Client()
    ui.force_login(world.constrained)
    check(ui, f"{reverse('search')}?q={MARK}", "search")
    check(ui, reverse("home"), "home")
    leaking = {name: problems for name, problems in leaks.items() if problems}
    unexpected = {name: problems for name, problems in leaking.items() if name not in KNOWN_LEAKS}
    fixed = sorted(set(KNOWN_LEAKS) - set(leaking))
    assert not unexpected, "The constrained user was shown what they may not see:\n" + "\n".join(
        line for problems in unexpected.values() for line in problems
    )
    assert not fixed, f"These routes no longer leak: remove them from KNOWN_LEAKS: {fixed}"


def test_a_constrained_user_cannot_act_on_a_hidden_object(world):
    """Every write or action route (delete, edit, run, approve, sync, press…) on a hidden object is 403 or 404,
    and leaves it in place."""
    failures = []
    clients = {}
    for route in ROUTES:
        if not route.kwargs:
            continue
        client = clients.setdefault(route.is_api, client_for_route(route, world.constrained))
        hidden = world.hidden[route.model]
        for url in (url_for(route, hidden) + query for query in dialect_queries(route)):
            for method in route.methods:
                if method == "GET":
                    continue
                response = getattr(client, method.lower())(url)
                # 405: a method the endpoint takes from nobody (results are read-only), answered before any lookup.
                if response.status_code not in (403, 404, 405):
                    failures.append(f"{method} {url} ({route.name}): {response.status_code}")
        if not route.model._base_manager.filter(pk=hidden.pk).exists():
            failures.append(f"{route.name}: the hidden {route.model._meta.label_lower} was deleted")
    assert not failures, "The constrained user acted on a hidden object:\n" + "\n".join(failures)


def test_the_admin_site_sends_a_user_who_is_not_staff_to_its_login(world):
    client = Client()
    client.force_login(world.constrained)
    for url in (reverse("admin:index"), reverse("admin:dcim_device_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url
