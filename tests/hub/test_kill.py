"""Kill the laptop's sync (SIGKILL) and the hub (`pg_ctl stop -m immediate`) at random
moments: every acknowledged local write reaches the hub exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from .laptops import LOCAL_PASSWORD

ROOT = Path(__file__).parents[2]
RUN_SECONDS = 8


def _start(laptop, first: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.hub.kill_worker", str(laptop.path), laptop.login,
         LOCAL_PASSWORD, str(first)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def _acks(worker: subprocess.Popen) -> list[int]:
    worker.wait(10)
    return [int(line.split()[1]) for line in worker.stdout.read().splitlines()
            if line.startswith("ack ")]  # fmt: skip


def test_killing_the_laptop_and_the_hub_loses_and_doubles_nothing(team):
    laptop = team("kim")
    laptop.close()
    laptop.store = None
    cluster = laptop.hub.cluster
    rng = random.Random(7)
    acknowledged: list[int] = []
    next_n = 0
    hub_kills = 0
    deadline = time.monotonic() + RUN_SECONDS
    try:
        while time.monotonic() < deadline:
            worker = _start(laptop, next_n)
            first_line = worker.stdout.readline().strip()
            assert first_line == "ready", worker.communicate(timeout=30)[1][-2000:]
            time.sleep(rng.uniform(0.2, 1.0))
            if rng.random() < 0.4:
                cluster.stop("immediate")
                hub_kills += 1
                time.sleep(rng.uniform(0.05, 0.3))
                os.kill(worker.pid, signal.SIGKILL)
                cluster.start()
            else:
                os.kill(worker.pid, signal.SIGKILL)
            got = _acks(worker)
            acknowledged += got
            next_n = max([next_n - 1, *got]) + 1
    finally:
        if cluster.run("pg_ctl", "status", "-D", str(cluster.data), check=False).returncode:
            cluster.start()
    assert len(acknowledged) >= 3 and hub_kills >= 1
    laptop.join_existing()
    for _ in range(3):
        laptop.sync()
    names = [
        r[0]
        for r in laptop.hub.owner(
            "SELECT data->>'given_name' FROM painclinic.records WHERE collection = 'clients'"
        )
    ]
    for n in acknowledged:
        assert names.count(f"K{n}") == 1, n
    versions = laptop.hub.owner(
        "SELECT count(*) FROM painclinic.versions WHERE collection = 'clients' GROUP BY id "
        "HAVING count(*) > 1"
    )
    assert versions == []
    assert laptop.raw("SELECT count(*) FROM sync_outbox") == [(0,)]
