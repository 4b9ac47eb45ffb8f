"""Log lines in Nautobot 2.x's shape, built from `.values()` as the 1.x rows are (extras/api/log_rows.py)."""

from __future__ import annotations

from extras.api.log_rows import LogRowBuilder


class LogRowBuilderV2(LogRowBuilder):
    """`log_level` is the plain level name, `job_result` a depth-0 reference, text fields never null."""

    def row(self, values: dict) -> dict:
        row = super().row(values)
        result = row["job_result"]
        return {
            "id": row["id"],
            "object_type": "extras.joblogentry",
            "display": row["display"],
            "url": row["url"],
            "log_level": values["log_level"],
            "grouping": row["grouping"],
            "message": row["message"],
            "created": row["created"],
            "log_object": row["log_object"] or "",
            "absolute_url": row["absolute_url"] or "",
            "job_result": {"id": result["id"], "object_type": "extras.jobresult", "url": result["url"]},
        }
