"""Times whole jobs in a real server: POST /train, then the job's own startedAt → finishedAt (recording, ŷ, the
feed and storage included), per epoch. compare_pytorch.py runs it; alone:

    /usr/bin/python3 tests/benchmarks/server_jobs.py        (builds the server in Release, port 5391)
"""
import datetime
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("GW_BENCH_PORT", "5391"))
BASE = f"http://127.0.0.1:{PORT}"


def mlp(widths):
    layers = []
    for w in widths:
        layers += [{"linear": w}, "relu"]
    return {"type": "mlp", "layers": layers + [{"linear": 1}, "sigmoid"]}


# The end-to-end rows (PyTorch's side is in compare_pytorch.py's END_TO_END).
JOBS = {
    "linear": {"dataset": {"name": "icecream"}, "model": {"type": "linear"}, "loss": "sse", "optimizer": {"type": "sgd"},
               "lr": 0.001, "epochs": 100_000, "init": {"weights": [-5, 10]}},
    "mlp-2": {"dataset": {"name": "dnnex0"}, "model": mlp([2]), "loss": "bce", "optimizer": {"type": "adam"},
              "lr": 0.1, "epochs": 20_000, "init": {"seed": 43052}},
    "mlp-64-64": {"dataset": {"name": "dnnex0"}, "model": mlp([64, 64]), "loss": "bce", "optimizer": {"type": "adam"},
                  "lr": 0.01, "epochs": 300, "init": {"seed": 43052}},
}


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        text = response.read()
        return json.loads(text) if response.headers.get_content_type().endswith("json") else text


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def build():
    subprocess.run(["dotnet", "build", "-c", "Release", "--nologo", "-v", "q", str(ROOT / "server" / "GradientWeb.Server")],
                   check=True, capture_output=True, cwd=ROOT)


class Server:
    """The Release server on its own temporary SQLite file, stopped by its process id."""

    def __enter__(self):
        try:
            call("GET", "/healthz")
            raise RuntimeError(f"port {PORT} already answers: another server runs there (GW_BENCH_PORT picks another)")
        except OSError:
            pass
        self.folder = tempfile.mkdtemp(prefix="gw-bench-")
        env = dict(os.environ, ASPNETCORE_URLS=BASE, Storage__Path=f"{self.folder}/gw.db",
                   Limits__CreatePerMinute="100000", Limits__CreateBurst="100000", Logging__LogLevel__Default="Warning")
        dll = ROOT / "server" / "GradientWeb.Server" / "bin" / "Release" / "net10.0" / "GradientWeb.Server.dll"
        self.process = subprocess.Popen(["dotnet", str(dll)], cwd=dll.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(300):
            if self.process.poll() is not None:
                break
            try:
                call("GET", "/healthz")
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start: " + self.process.stderr.read().decode())

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(30)
        shutil.rmtree(self.folder, ignore_errors=True)


def run_job(body):
    """µs per epoch from the job's startedAt to finishedAt, and the wall time from the POST until finishedAt (its
    last records stored). Both ends are read from the server's clock but the POST's, which is the same system clock
    on this machine, so how often the job is polled does not blur either figure."""
    posted = time.time()
    job = call("POST", "/train", body)
    # Polled every 200 ms, not every 5: GET /jobs/{id} of a 4 353-weight net is ~180 KB of JSON (its gradient check and
    # final weights), ~6 ms of the server's CPU on a busy 2-core machine, so polling it every 5 ms took as much CPU as
    # the training it timed. The page itself follows a job over SignalR, not by polling.
    while job["status"] in ("queued", "running"):
        time.sleep(0.2)
        job = call("GET", f"/jobs/{job['id']}")
    assert job["status"] == "completed", job
    finished = instant(job["finishedAt"])
    seconds = (finished - instant(job["startedAt"])).total_seconds()
    return seconds * 1e6 / body["epochs"], finished.timestamp() - posted


REPEATS = 5


def warm_up(jobs):
    """Each job three times, untimed: the first jobs of a fresh server also pay for its JIT and its first connections."""
    for body in jobs.values():
        for _ in range(3):
            run_job(body)


def measure(jobs):
    """Per job: the median µs per epoch from startedAt to finishedAt, and from the POST until finishedAt (its history stored)."""
    import statistics
    warm_up(jobs)
    result = {}
    for name, body in jobs.items():
        samples = [run_job(body) for _ in range(REPEATS)]
        result[name] = (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples) * 1e6 / body["epochs"])
    return result


def main():
    build()
    with Server():
        for name, (job, durable) in measure(JOBS).items():
            print(f"{name:<10} startedAt→finishedAt {job:10.3f} µs/epoch   POST→finishedAt {durable:10.3f} µs/epoch")


if __name__ == "__main__":
    main()
