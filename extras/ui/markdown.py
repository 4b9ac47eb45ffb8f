"""Markdown for job descriptions and log messages: raw HTML shown as text, the result sanitized by nh3.

Two layers, so a message can neither run script nor lose its words: Python-Markdown runs with its
raw-HTML block and inline handlers removed, so `<script>` in a message is escaped and shows as text;
then nh3 keeps only a small set of tags, attributes and URL schemes, so a `javascript:` link loses its
target but keeps its label.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from urllib.parse import urlsplit

import markdown as python_markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ("fenced_code", "tables", "sane_lists")
MAX_RENDERED_LENGTH = 20_000  # longer messages are shown as plain text: Markdown on megabytes is slow


def _same_site_images_only(element: str, attribute: str, value: str) -> str | None:
    """An image is loaded by whoever views the page: only this site's own images, never a tracker's."""
    if element == "img" and attribute == "src":
        return value if is_same_site_path(value) else None
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        attribute_filter=_same_site_images_only,
    )


_local = threading.local()


def _converter() -> python_markdown.Markdown:
    """One converter per thread, reset between uses (building one costs more than converting a line)."""
    converter = getattr(_local, "converter", None)
    if converter is not None:
        return converter.reset()
    converter = python_markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    # Without these two, raw HTML would pass through untouched (and nh3 would then drop <script>
    # with its text); removed, the markup is escaped like any other text.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    _local.converter = converter
    return converter


def render_markdown(text: str | None) -> SafeString:
    """Safe HTML for Markdown `text`: HTML in it is shown as text, links keep only safe targets."""
    if not text:
        return mark_safe("")
    if len(text) > MAX_RENDERED_LENGTH:
        return mark_safe(f'<pre class="mb-0">{escape(text)}</pre>')
    html = _converter().convert(str(text))
    return mark_safe(_cleaner().clean(html))


def is_same_site_path(url: str) -> bool:
    """`/a/b`, but not `//host` nor `/\\host`, which browsers read as another site."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def safe_url(url: str | None) -> str | None:
    """`url` if it is a same-site path or an http(s) address, else None (e.g. `javascript:`)."""
    if not url:
        return None
    url = str(url).strip()
    if is_same_site_path(url):
        return url
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc and "\\" not in url:
        return url
    return None
