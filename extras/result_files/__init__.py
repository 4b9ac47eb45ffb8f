"""Result files: what a run stored with `self.create_file()`, listed on its page and in the API, downloaded
as attachments by exactly the users who may see the run (the model: extras/models/files.py)."""
