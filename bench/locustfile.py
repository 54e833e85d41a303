"""Locust users for bench/load.py: a coach's Today journey and the trainee page.

Each simulated user is one coach (host and signed-in session from BENCH_LOAD_COACHES, a JSON
file written by bench/load.py) and repeats: Today, a trainee's page, the trainee list, Today.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

COACHES = json.loads(open(os.environ["BENCH_LOAD_COACHES"]).read())  # noqa: SIM115
_next = itertools.count()


class CoachUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        coach = COACHES[next(_next) % len(COACHES)]
        self.headers = {"Host": coach["host"]}
        self.trainees = coach["trainees"]
        self.client.cookies.set("sessionid", coach["session"])

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, headers=self.headers, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
            elif "/accounts/login/" in r.url:
                r.failure("signed out")

    def any_trainee(self) -> int:
        return random.choice(self.trainees)  # noqa: S311 - not for security

    @task(3)
    def today_journey(self) -> None:
        self.get("/tanaan/", "today")
        self.get(f"/valmentautujat/{self.any_trainee()}/", "trainee page")
        self.get("/valmentautujat/", "trainee list")
        self.get("/tanaan/", "today")

    @task(1)
    def trainee_page(self) -> None:
        self.get(f"/valmentautujat/{self.any_trainee()}/", "trainee page")
