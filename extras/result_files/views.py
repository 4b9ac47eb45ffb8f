"""The web download of a result file (the result page's Files panel links here)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import View

from extras.models import FileProxy
from extras.result_files.downloads import download_response
from extras.result_files.selectors import visible_file


class FileProxyDownloadView(View):
    """The file as an attachment; 404 for a user who may not see its run (see selectors.visible_file)."""

    queryset = FileProxy.objects.all()

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        return download_response(visible_file(request.user, pk, with_content=True))
