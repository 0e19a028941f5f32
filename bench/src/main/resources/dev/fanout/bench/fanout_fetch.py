"""aiohttp as a FanOutBench contender: every URL fetched at once with asyncio.gather, each body
read and checked. Speaks FanOutChild's protocol on stdin/stdout; see that class.
Run: python3 fanout_fetch.py URL_FILE PROBE_FILE|- MAX_CONNECTIONS WARMUPS BODY_LENGTH

Fresh connections: a new ClientSession per batch, its TCPConnector's limits (100 in all by
default) lifted (limit=0, limit_per_host=0), closed after it. Warm: that session again.
"""
import asyncio
import os
import sys
import time

import aiohttp


def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int("".join(c for c in line if c.isdigit()))
    return -1


def ready(kind):
    print(f"READY {kind}", flush=True)
    if sys.stdin.readline().strip() != "GO":
        raise SystemExit(f"the bench did not say GO before {kind}")


def done(kind, start, ok, more=""):
    wall = round((time.perf_counter() - start) * 1000)
    print(f"DONE {kind} wall={wall} ok={ok}{more}", flush=True)


def session():
    timeout = aiohttp.ClientTimeout(total=30)
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, limit_per_host=0), timeout=timeout)


async def fetch_all(client, urls, body_length, seen):
    async def one(url):
        try:
            async with client.get(url) as response:
                body = await response.read()
                return response.status == 200 and (body_length < 0 or len(body) == body_length)
        except Exception:
            return False  # a failed request is a wrong answer, as in every contender

    tasks = [asyncio.ensure_future(one(url)) for url in urls]
    await asyncio.sleep(0)
    seen.append(status("Threads:"))
    return sum(1 for ok in await asyncio.gather(*tasks) if ok)


async def main():
    url_file, probe_file, _, warmups, body_length = sys.argv[1:6]
    urls = [u for u in open(url_file).read().split("\n") if u]
    body_length = int(body_length)
    seen = []
    ready("cold")
    start = time.perf_counter()
    async with session() as client:
        done("cold", start, await fetch_all(client, urls, body_length, seen))
    # Warm-up rounds as FanOutChild's: a new session's batch on new connections, then one on its pool.
    for _ in range(0, int(warmups), 2):
        async with session() as client:
            for kind in ("warmup", "warmup-reuse"):
                ready(kind)
                start = time.perf_counter()
                done(kind, start, await fetch_all(client, urls, body_length, seen))
    async with session() as client:
        ready("fresh")
        seen = []
        cpu = os.times()
        start = time.perf_counter()
        ok = await fetch_all(client, urls, body_length, seen)
        after = os.times()
        cpu_ms = round((after.user + after.system - cpu.user - cpu.system) * 1000)
        done("fresh", start, ok, f" cpuMs={cpu_ms} threads={max(seen)}")
        ready("warm")
        start = time.perf_counter()
        done("warm", start, await fetch_all(client, urls, body_length, seen))
        if probe_file != "-":
            # No heap figure: Python's allocations are not one heap to sample; RSS says the rest.
            probe = [u for u in open(probe_file).read().split("\n") if u]
            ready("probe")
            start = time.perf_counter()
            done("probe", start, await fetch_all(client, probe, body_length, seen), " heapPerRequest=-1")
    version = f"python_{sys.version.split()[0]}_aiohttp_{aiohttp.__version__}"
    print(f"END version={version} rssKiB={status('VmHWM:')}", flush=True)


if __name__ == "__main__":  # throughput_fetch.py imports this file
    asyncio.run(main())
