"""A job setting every Meta attribute away from its default, for syncing the Job record."""

from extras.jobs import IntegerVar, Job, StringVar

name = "Meta fixtures"


class FullMetaJob(Job):
    first = StringVar()
    second = IntegerVar(default=2)

    class Meta:
        name = "Full meta job"
        description = """
            Sets **every** option.

            The second paragraph is Markdown too.
        """
        commit_default = False
        field_order = ["second", "first"]
        hidden = True
        read_only = False
        approval_required = True
        has_sensitive_variables = False
        soft_time_limit = 30
        time_limit = 60
        memory_limit = 512
        task_queues = ["default", "priority"]
        requeue_lost_runs = 0

    def run(self, data, commit):
        return f"{data['first']}/{data['second']}"
