"""Which job buttons an object's page shows to a user, with their text rendered and their groups formed.

A button shows when it is enabled, offered for the object's type, its job is enabled and installed, the
user may run that job, and its text renders non-empty. Ungrouped buttons come first by weight, then one
dropdown per group (ordered by its lightest button, whose class it takes). Two queries per page: the
buttons of the type, then which of their jobs the user may run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.contrib.auth.context_processors import PermWrapper
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.html import strip_tags

from core.permissions import restrict_queryset
from extras.choices import ButtonClassChoices
from extras.models import Job, JobButton

logger = logging.getLogger(__name__)

# Button texts are Django templates with the object as `obj` (`Reboot {{ obj.name }}`); no loaders, so they
# cannot include files. Methods that change data are never called by templates (Django's alters_data).
TEXT_ENGINE = Engine(loaders=[("django.template.loaders.locmem.Loader", {})], autoescape=True)


@dataclass
class ShownButton:
    button: JobButton
    text: str

    @property
    def css_class(self) -> str:
        return ButtonClassChoices.css_class(self.button.button_class)


@dataclass
class ButtonGroup:
    name: str
    buttons: list[ShownButton] = field(default_factory=list)

    @property
    def css_class(self) -> str:
        return self.buttons[0].css_class


def render_text(button: JobButton, obj: Model, user) -> str:
    """The button's text for `obj` as plain text ("" hides the button; a broken template shows its name)."""
    try:
        template = TEXT_ENGINE.from_string(button.text)
        rendered = template.render(Context({"obj": obj, "user": user, "perms": PermWrapper(user)}))
    except (TemplateSyntaxError, Exception):  # an author's template must never break the object's page
        logger.warning("The text of job button %s does not render", button.pk, exc_info=True)
        return f"{button.name} (its text does not render)"
    return " ".join(strip_tags(rendered).split())


def buttons_for(obj: Model, user) -> list[ShownButton | ButtonGroup]:
    """The buttons of `obj`'s page for `user`: single buttons, then groups (see the module docstring)."""
    if user is None or not user.is_authenticated:
        return []
    content_type = ContentType.objects.get_for_model(obj)
    candidates = list(
        JobButton.objects.filter(
            enabled=True, content_types=content_type, job__enabled=True, job__installed=True
        ).select_related("job")
    )
    if not candidates:
        return []
    job_ids = {button.job_id for button in candidates}
    runnable = set(
        restrict_queryset(Job.objects.filter(pk__in=job_ids), user, "run").values_list("pk", flat=True)
    )
    shown = []
    for button in sorted(candidates, key=lambda button: (button.weight, button.name)):
        if button.job_id in runnable:
            text = render_text(button, obj, user)
            if text:
                shown.append(ShownButton(button, text))
    singles: list[ShownButton | ButtonGroup] = [item for item in shown if not item.button.group_name]
    groups: dict[str, ButtonGroup] = {}
    for item in shown:
        if item.button.group_name:
            groups.setdefault(item.button.group_name, ButtonGroup(item.button.group_name)).buttons.append(
                item
            )
    return [*singles, *groups.values()]


def pressable(button: JobButton, obj: Model, user) -> bool:
    """Whether `user` may press `button` on `obj`: it is shown to them there (text aside)."""
    return (
        button.enabled
        and button.job.enabled
        and button.job.installed
        and restrict_queryset(Job.objects.filter(pk=button.job_id), user, "run").exists()
        and button.content_types.filter(pk=ContentType.objects.get_for_model(obj).pk).exists()
    )
