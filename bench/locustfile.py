"""The web benchmark's simulated officers (locust): log in, then dashboard, people search, a profile and a
province's indicator table, in turns. Configured by the JSON file named in $NGUON_BENCH_CONFIG, written by
bench/web.py."""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ["NGUON_BENCH_CONFIG"], encoding="utf-8") as _config:
    CONFIG = json.load(_config)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


_TURN = itertools.count()


class Officer(HttpUser):
    """One simulated officer, with one of the bench's accounts in turn (province or ward officers)."""

    wait_time = between(CONFIG["wait"][0], CONFIG["wait"][1])

    def on_start(self) -> None:
        accounts = CONFIG["accounts"]
        self.account = accounts[next(_TURN) % len(accounts)]
        self.role = self.account["role"]
        page = self.client.get("/login/", name="login (page)")
        found = TOKEN.search(page.text)
        self.client.post(
            "/login/",
            {
                "username": self.account["username"],
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": found.group(1) if found else "",
                "next": "/",
            },
            headers={"Referer": self.host + "/login/"},
            name="login",
        )
        self.client.get(f"/?at={CONFIG['at']}", name=f"dashboard ({self.role})")

    @task
    def dashboard(self) -> None:
        self.client.get("/", name=f"dashboard ({self.role})")

    @task
    def search(self) -> None:
        self.client.get(
            CONFIG["search_url"].format(q=random.choice(self.account["queries"])),
            name=f"people search ({self.role})",
        )

    @task
    def profile(self) -> None:
        self.client.get(
            CONFIG["profile_url"].format(pk=random.choice(self.account["person_ids"])),
            name=f"profile ({self.role})",
        )

    @task
    def indicators(self) -> None:
        self.client.get(CONFIG["indicators_url"], name=f"province indicator table ({self.role})")
