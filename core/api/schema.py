"""OpenAPI schema generation: distinct operation ids for the legacy class-path job routes, and the error body."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every refused request (4xx, and 503): a sentence, and the messages by input field."""

    detail = serializers.CharField(help_text="One sentence saying what is wrong.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by input field (`schedule.interval`, `tags.0`, a job variable's name, "
        "`non_field_errors`); empty when the refusal is not about the input.",
    )


ERROR_RESPONSE = OpenApiResponse(ErrorSerializer, description="Refused: see `detail` and `errors`.")


class AutoSchema(SpectacularAutoSchema):
    def get_operation_id(self) -> str:
        """The class-path routes share their view methods with the UUID routes; name them apart."""
        operation_id = super().get_operation_id()
        if "{job_class}" in self.path:
            return f"{operation_id}_by_class_path"
        return operation_id

    def _get_response_bodies(self, direction="response"):
        """Every operation documents the error body for its 4xx answers (unless it declares its own)."""
        responses = super()._get_response_bodies(direction)
        if direction == "response" and not any(str(code).startswith("4") for code in responses):
            responses["4XX"] = self._get_response_for_code(ERROR_RESPONSE, "4XX", direction=direction)
        return responses
