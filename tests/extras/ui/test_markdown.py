"""extras.ui.markdown: log messages and descriptions render Markdown, and nothing in them can run."""

from __future__ import annotations

import pytest

from extras.ui.markdown import MAX_RENDERED_LENGTH, render_markdown, safe_url


def test_markdown_renders_emphasis_code_lists_and_safe_links():
    html = render_markdown("**Bold**, `code` and [docs](https://example.com/x)\n\n- one\n- two")
    assert "<strong>Bold</strong>" in html and "<code>code</code>" in html
    assert '<a href="https://example.com/x" rel="noopener noreferrer">docs</a>' in html
    assert "<li>one</li>" in html


def test_a_script_tag_is_shown_as_text_not_dropped():
    html = render_markdown("before <script>alert('x')</script> after")
    assert "<script" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html.replace("&#x27;", "'")
    assert "before" in html and "after" in html


@pytest.mark.parametrize(
    "text",
    ["[click me](javascript:alert(1))", "[click me](JavaScript:alert(1))", "[click me](data:text/html,x)"],
)
def test_a_javascript_or_data_link_keeps_its_text_and_loses_its_target(text):
    html = render_markdown(text)
    assert "click me" in html
    assert "href" not in html and "javascript" not in html.lower()


@pytest.mark.parametrize(
    "text",
    [
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<div onclick="alert(1)">y</div>',
    ],
)
def test_raw_html_with_handlers_is_escaped_text(text):
    html = render_markdown(text)
    assert "<a " not in html and "<img" not in html and "<div" not in html
    assert "&lt;" in html  # visible as text


def test_code_blocks_keep_their_content_escaped():
    html = render_markdown("```\nif a < b: <b>x</b>\n```")
    assert "<pre><code>if a &lt; b: &lt;b&gt;x&lt;/b&gt;" in html


def test_huge_messages_are_shown_as_escaped_plain_text():
    html = render_markdown("<b>" + "x" * MAX_RENDERED_LENGTH)
    assert html.startswith('<pre class="mb-0">&lt;b&gt;xxx')


def test_empty_text_renders_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/dcim/sites/1/", "/dcim/sites/1/"),
        ("https://example.com/a", "https://example.com/a"),
        ("//evil.example.com/", None),
        ("/\\evil.example.com/", None),
        ("https:/\\evil.example.com/", None),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_allows_site_paths_and_http_only(url, expected):
    assert safe_url(url) == expected


def test_images_load_only_from_this_site():
    html = render_markdown("![tracker](https://tracker.example/pixel.gif) ![chart](/static/chart.png)")
    assert "tracker.example" not in html
    assert '<img alt="chart" src="/static/chart.png">' in html
