"""The Nautobot 2.x REST dialect of the jobs API: thin serializers and views over the 1.x ones.

Asked for with `Accept: application/json; version=2.x` (core/api/versioning.py picks the view); permissions,
visibility and every check are those of the 1.x views these subclass, and runs go through the same engine.
"""
