"""Git repositories as job sources: clone and check out, sync runs, credentials, and their pages and API."""
