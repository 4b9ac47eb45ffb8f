"""OpenAPI schema generation: distinct operation ids for the legacy class-path job routes."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """The class-path routes share their view methods with the UUID routes; name them apart."""

    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        if "{job_class}" in self.path:
            return f"{operation_id}_by_class_path"
        return operation_id
