"""Locust users for bench/http.py: one hits the floor view, one a signed-in social worker's queue."""

import itertools
import os

from locust import HttpUser, constant, task


class FloorUser(HttpUser):
    wait_time = constant(0)

    @task
    def floor(self):
        self.client.get("/floor", name="floor")


class QueueUser(HttpUser):
    """Signed in beforehand (bench_http.py makes one session per user), so only the queue page is measured."""

    wait_time = constant(0)
    _sessions = itertools.cycle(os.environ.get("BENCH_SESSION_KEYS", "").split(","))

    def on_start(self):
        self.client.cookies.set("sessionid", next(self._sessions))

    @task
    def queue(self):
        with self.client.get("/staff/", name="queue", catch_response=True) as response:
            if "10,000" not in response.text and "10000" not in response.text:
                response.failure("queue page did not show the 10,000 open contacts")
