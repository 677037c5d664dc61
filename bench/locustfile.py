"""Locust users for bench/bench_http.py: the floor view, the queue's floor (the same 50 rows from one raw query as a
plain table) and a signed-in social worker's queue.

FastHttpUser (geventhttpclient), not HttpUser (requests): the load runs on the same two cores as the server, and
requests' own CPU per call was a large share of every latency measured, floors included."""

import itertools
import os

from locust import FastHttpUser, constant, task


class FloorUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def floor(self):
        self.client.get("/floor", name="floor")


class SignedInUser(FastHttpUser):
    """Signed in beforehand (bench_http.py makes one session per user), so only the page is measured. No tasks of
    its own: locust gives a subclass its bases' tasks as well as its own, so the queue and its floor must not inherit
    from each other (the floor's figures would otherwise be half queue requests)."""

    abstract = True
    wait_time = constant(0)
    _sessions = itertools.cycle(os.environ.get("BENCH_SESSION_KEYS", "").split(","))

    def on_start(self):
        self.session = {"Cookie": f"sessionid={next(self._sessions)}"}


class QueueUser(SignedInUser):
    @task
    def queue(self):
        with self.client.get("/staff/", name="queue", headers=self.session, catch_response=True) as response:
            # the bytes, not .text: decoding 85 KB a request costs the client CPU the server shares
            if b"10,000 contacts awaiting" not in response.content:
                response.failure("queue page did not show the 10,000 open contacts")


class QueueFloorUser(SignedInUser):
    """Signed in as QueueUser is: the same 50 rows from one raw SQL query, rendered as a plain table."""

    @task
    def queue(self):
        self.client.get("/staff/queue-floor/", name="queue_floor", headers=self.session)
