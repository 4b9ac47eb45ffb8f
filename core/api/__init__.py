"""The REST API's base: authentication of tokens, permissions, pagination, filters, versioning, errors."""
