"""Reading files next to a job's module: load_yaml() and load_json(), never outside that directory."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import yaml

from extras.jobs.errors import JobFilePathError


class JobFiles:
    """Mixed into Job: the file helpers authors call."""

    @classmethod
    def job_directory(cls) -> Path:
        """The directory of the job's source file (the module must still be in sys.modules)."""
        try:
            return Path(inspect.getfile(cls)).resolve().parent
        except TypeError as error:
            raise JobFilePathError(f"Cannot locate the source file of {cls.__name__}: {error}") from None

    def job_file_path(self, filename: str | Path) -> Path:
        """Resolve `filename` inside the job's directory; refuse absolute paths and escapes (symlinks too)."""
        relative = Path(filename)
        if relative.is_absolute():
            raise JobFilePathError(
                f"{filename}: give a path relative to the job's directory, not an absolute one."
            )
        base = self.job_directory()
        path = (base / relative).resolve()
        if not path.is_relative_to(base):
            raise JobFilePathError(f"{filename}: the path leads outside the job's directory.")
        return path

    def load_yaml(self, filename: str | Path) -> Any:
        """Parse a YAML file next to the job (safe loader: plain data only)."""
        with self.job_file_path(filename).open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    def load_json(self, filename: str | Path) -> Any:
        """Parse a JSON file next to the job."""
        with self.job_file_path(filename).open(encoding="utf-8") as handle:
            return json.load(handle)
