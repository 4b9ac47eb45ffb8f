"""The web pages of jobs and results: views, forms, tables, filters, read-side queries and Markdown."""
