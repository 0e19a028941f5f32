"""aiohttp as a ThroughputBench contender: every URL of the batch fetched at once with
asyncio.gather over one ClientSession whose TCPConnector keeps MAX_CONNECTIONS keep-alive
connections (limit=MAX_CONNECTIONS; it queues the rest), each body read and checked. Speaks
ContenderRun's protocol: one line,
RESULT aiohttp walls=ms,... ok=n threadsBefore=n threadsPeak=n heapPeakMiB=-1.
Run: python3 throughput_fetch.py URL_FILE MAX_CONNECTIONS WARMUPS ROUNDS BODY_LENGTH
"""
import asyncio
import sys
import time

import aiohttp

from fanout_fetch import fetch_all, status  # beside this script: the bench copies both


async def main():
    url_file, max_connections, warmups, rounds, body_length = sys.argv[1:6]
    urls = [u for u in open(url_file).read().split("\n") if u]
    body_length = int(body_length)
    before = status("Threads:")
    seen = [before]
    connector = aiohttp.TCPConnector(limit=int(max_connections), limit_per_host=0)
    timeout = aiohttp.ClientTimeout(total=None)  # the queue's wait is part of a request's time: no limit
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        for _ in range(int(warmups)):
            await fetch_all(client, urls, body_length, seen)
        walls = []
        ok = len(urls)
        for _ in range(int(rounds)):
            start = time.perf_counter()
            ok = min(ok, await fetch_all(client, urls, body_length, seen))
            walls.append(round((time.perf_counter() - start) * 1000))
    print(
        f"RESULT aiohttp walls={','.join(map(str, walls))} ok={ok} threadsBefore={before}"
        f" threadsPeak={max(seen)} heapPeakMiB=-1",
        flush=True,
    )


asyncio.run(main())
