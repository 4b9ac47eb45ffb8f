"""The documentation site at /docs/: the MkDocs build (`make docs`) served behind the login, like every page.

`make run`, `make test` and the Docker image build the site into `DOCS_SITE_DIR`; this view only reads the
files there, so the site works offline and needs no web server of its own.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils._os import safe_join
from django.views.decorators.http import require_safe
from django.views.static import serve


@require_safe
def documentation(request: HttpRequest, path: str = "") -> HttpResponse:
    """One file of the built site; a folder answers with its index.html, as MkDocs' directory URLs expect."""
    root = Path(settings.DOCS_SITE_DIR)
    if not (root / "index.html").is_file():
        return render(request, "docs_unbuilt.html", {"site_dir": root}, status=404)
    target = Path(safe_join(root, path))  # a path leaving the site is refused (SuspiciousFileOperation: 400)
    if target.is_dir():
        if path and not path.endswith("/"):
            return HttpResponseRedirect(request.path + "/")
        path = f"{path}index.html"
    response = serve(request, path, document_root=root)
    # Behind the login: no shared cache keeps it; browsers revalidate with If-Modified-Since (a 304).
    response["Cache-Control"] = "private, no-cache"
    return response
