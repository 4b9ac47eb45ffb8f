"""A job that needs another user's approval before it runs; it records what it was given."""

from extras.jobs import Job, StringVar


class ApprovalJob(Job):
    note = StringVar(default="hello")

    class Meta:
        name = "Needs approval"
        approval_required = True
        has_sensitive_variables = False

    def run(self, data, commit):
        self.log_info(f"note={data['note']} commit={commit}")
        return data["note"]
