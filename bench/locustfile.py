"""The web benchmark's simulated officers (locust): log in, then dashboard, people search, a profile and a
province's indicator table, in turns. Configured by the JSON file named in $NGUON_BENCH_CONFIG, written by
bench/web.py."""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ["NGUON_BENCH_CONFIG"], encoding="utf-8") as _config:
    CONFIG = json.load(_config)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Officer(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        page = self.client.get("/login/", name="login (page)")
        found = TOKEN.search(page.text)
        self.client.post(
            "/login/",
            {
                "username": CONFIG["username"],
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": found.group(1) if found else "",
                "next": "/",
            },
            headers={"Referer": self.host + "/login/"},
            name="login",
        )
        self.client.get(f"/?at={CONFIG['at']}", name="dashboard")

    @task
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task
    def search(self) -> None:
        self.client.get(CONFIG["search_url"].format(q=random.choice(CONFIG["queries"])), name="people search")

    @task
    def profile(self) -> None:
        self.client.get(CONFIG["profile_url"].format(pk=random.choice(CONFIG["person_ids"])), name="profile")

    @task
    def indicators(self) -> None:
        self.client.get(CONFIG["indicators_url"], name="province indicator table")
