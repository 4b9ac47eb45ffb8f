"""The jobs app: the job authoring API, the engine, Git sources, schedules and approvals, pages and REST API."""
