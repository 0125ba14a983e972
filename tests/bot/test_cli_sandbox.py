"""``ashby-bot sandbox --port N`` serves the sandbox: the README's curl line answers like Ashby."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_serves_the_sandbox(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", str(port), "--candidates", "200"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/candidate.search", auth=("sandbox", ""), json={"name": "alex"}, timeout=2
                )
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        body = response.json()
        assert response.status_code == 200 and body["success"] is True
        assert {"Alex Kim"} <= {c["name"] for c in body["results"]}
        assert response.headers["x-ashby-request-id"]
        unauthenticated = httpx.post(f"http://127.0.0.1:{port}/candidate.search", json={"name": "alex"})
        assert unauthenticated.status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)
