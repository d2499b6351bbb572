"""Latency of ec-recommend --serve: start it as a co-process, send one
request at a time ({"user": ..., "recent": [3 items], "k": 20}), wait for
its answer line, and time each round trip with perf_counter. Prints
"requests p50_ms p99_ms mean_ms". The first 100 requests warm up and are
not counted.
usage: recommend_serve.py MODEL HISTORY ITEMS N"""
import random
import subprocess
import sys
import time

model, history, nitems, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = subprocess.Popen([sys.argv[5] if len(sys.argv) > 5 else "ec-recommend", "-q", "-m", model,
                      "-k", "20", "--serve", history],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
rnd = random.Random(1)
lat = []
for i in range(n + 100):
    req = '{"user":"u%d","recent":["i%d","i%d","i%d"],"k":20}\n' % (
        rnd.randrange(50000), rnd.randrange(nitems), rnd.randrange(nitems), rnd.randrange(nitems))
    t0 = time.perf_counter()
    p.stdin.write(req.encode())
    p.stdin.flush()
    line = p.stdout.readline()
    t1 = time.perf_counter()
    if not line.startswith(b'{"user"') or b'"items"' not in line:
        sys.exit("bad answer: %r" % line)
    if i >= 100:
        lat.append((t1 - t0) * 1000)
p.stdin.close()
p.wait()
lat.sort()
print("%d %.3f %.3f %.3f" % (len(lat), lat[len(lat) // 2], lat[int(len(lat) * 0.99)],
                              sum(lat) / len(lat)))
