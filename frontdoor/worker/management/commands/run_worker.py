from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from frontdoor.worker.worker import Worker


class Command(DbWorkerCommand):  # type: ignore[misc]
    help = (
        "Run the background worker: sends the outbox, runs export jobs, deletes expired drafts. "
        "A database error never stops it. With --batch, run what is due now and exit."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument("--heartbeat", type=float, default=5.0, help="Seconds between heartbeats")

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        heartbeat,
        **options,
    ):  # type: ignore[no-untyped-def]  # noqa: E501
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay and not batch,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
            heartbeat_seconds=heartbeat,
            ticker=not batch,
        )
        worker.configure_signals()
        worker.run()
