"""Pages of job buttons: the buttons on object pages, pressing one (with its confirmation), and the
list, detail, add/edit and delete pages of the buttons themselves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View

from core.permissions import restrict_queryset
from core.tables import Column, Table
from core.views import safe_return_url
from extras.buttons.launching import ButtonRefused, press_button
from extras.buttons.selectors import ShownButton, buttons_for, pressable, render_text
from extras.engine.services import SubmissionError
from extras.jobs import JobDataError, JobRequest
from extras.models import JobButton

buttons = JobButton.objects.select_related("job").prefetch_related("content_types")


class JobButtonTable(Table):
    columns = (
        Column("name", link=True),
        Column("content_types.all", label="Object types", order_by=""),
        Column("job", link=True, order_by="job__name"),
        Column("text"),
        Column("group_name", label="Group"),
        Column("weight"),
        Column("confirmation"),
        Column("enabled"),
    )


DETAIL_FIELDS = (
    Column("name"),
    Column("content_types.all", label="Object types"),
    Column("job", link=True),
    Column("text"),
    Column("group_name", label="Group"),
    Column("weight"),
    Column("button_class", label="Button class"),
    Column("confirmation"),
    Column("enabled"),
)


def job_buttons_html(request: HttpRequest, obj: Model) -> str:
    """The buttons of an object's page (registered with core.page_extensions by the jobs app)."""
    if getattr(obj, "pk", None) is None:
        return ""
    items = buttons_for(obj, request.user)
    if not items:
        return ""
    meta = obj._meta
    context = {
        "items": items,
        "object": obj,
        "object_type": f"{meta.app_label}.{meta.model_name}",
        "return_url": request.get_full_path(),
    }
    return render_to_string("extras/inc/job_buttons.html", context, request=request)


def object_from_request(request: HttpRequest, data) -> Model:
    """The object named by `object_type` (app_label.model) and `object_id`, if the user may view it."""
    app_label, _, model_name = str(data.get("object_type", "")).partition(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
    model = content_type.model_class() if content_type is not None else None
    if model is None:
        raise Http404("No such type of object.")
    try:
        return get_object_or_404(
            restrict_queryset(model._default_manager.all(), request.user, "view"), pk=data.get("object_id")
        )
    except (ValueError, TypeError):
        raise Http404("No such object.") from None


class JobButtonRunView(View):
    """GET: confirm running the button's job on the object; POST: run it and open the live result."""

    def get_button(self, request: HttpRequest, pk, obj: Model) -> JobButton:
        button = get_object_or_404(JobButton.objects.select_related("job"), pk=pk)
        if not pressable(button, obj, request.user):
            raise PermissionDenied("You may not run this button's job on this object.")
        return button

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        obj = object_from_request(request, request.GET)
        button = self.get_button(request, pk, obj)
        context = {
            "button": ShownButton(button, render_text(button, obj, request.user) or button.name),
            "object": obj,
            "object_type": request.GET.get("object_type"),
            "return_url": safe_return_url(request, obj.get_absolute_url()),
        }
        return render(request, "extras/jobbutton_confirm.html", context)

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        obj = object_from_request(request, request.POST)
        button = self.get_button(request, pk, obj)
        back = safe_return_url(request, obj.get_absolute_url())
        job_request = JobRequest.from_http_request(
            request, source="web", include_post=not button.job.has_sensitive_variables
        )
        try:
            outcome = press_button(button, obj, user=request.user, request=job_request)
        except ButtonRefused as refusal:
            messages.error(request, f"{button} did not run: {refusal.message}")
            return HttpResponseRedirect(back)
        except JobDataError as error:
            details = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.errors.items())
            messages.error(request, f"{button} did not run: {details}")
            return HttpResponseRedirect(back)
        except SubmissionError as error:
            messages.error(request, f"{button} did not run: {error.message}")
            return HttpResponseRedirect(back)
        if isinstance(outcome, str):  # the job has other inputs: its form, with the object filled in
            return HttpResponseRedirect(outcome)
        if outcome.job_result is not None:
            return HttpResponseRedirect(outcome.job_result.get_absolute_url())
        messages.success(
            request, f"{button.job} requires approval: your request to run it waits for another user."
        )
        return HttpResponseRedirect(reverse("extras:scheduledjob_approval_queue"))
