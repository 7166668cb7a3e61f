#!/usr/bin/env python3
"""What four 64 MiB requests at once cost a node: peak resident memory of a fresh node process for four unknown
RunCommands (the command and error-text path) against four sample::echo calls of the same size (the baseline:
the bytes in, decoded, and out again). Prints both, the ratio, and the largest reply frame of each.

Usage (after `dotnet build -c Release src/Node`):
  python3 bench/memory/huge-requests.py [src/Node/bin/Release/net10.0/ActorRpc.Node.dll] [port]
"""
import os, socket, struct, subprocess, sys, tempfile, threading, time

DLL = sys.argv[1] if len(sys.argv) > 1 else "src/Node/bin/Release/net10.0/ActorRpc.Node.dll"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 5391
SIZE = 64 * 1024 * 1024 - 16  # a string that keeps the frame within the protocol's 64 MiB


def varint(n):
    out = b""
    while True:
        low, n = n & 0x7F, n >> 7
        if not n:
            return out + bytes([low])
        out += bytes([low | 0x80])


def read_exactly(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(min(n - len(data), 1 << 20))
        if not chunk:
            raise EOFError("the node closed the connection")
        data += chunk
    return bytes(data)


def frame(method_id, body):
    return struct.pack("<hhi", method_id, 0, len(body)) + body


def read_reply(sock):
    """Reads one call's frames; returns (result code or 'OK', largest frame size)."""
    largest = 0
    while True:
        frame_id, _, size = struct.unpack("<hhi", read_exactly(sock, 8))
        if frame_id == -2:
            return size, largest
        read_exactly(sock, size)
        largest = max(largest, size)
        if frame_id == -1:
            return "OK", largest


def string_field(number, text):
    return bytes([number << 3 | 2]) + varint(len(text)) + text


def run(mode):
    workdir = tempfile.mkdtemp()
    node = subprocess.Popen(["dotnet", os.path.abspath(DLL), "--owner-id", "1", "--rpc-port", str(PORT),
                             "--bots-dir", workdir + "/config", "--plugins-dir", workdir + "/plugins"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=workdir)
    for line in node.stdout:
        if b" ready" in line:
            break

    def rss_mb():
        with open(f"/proc/{node.pid}/status") as status:
            return next(int(l.split()[1]) // 1024 for l in status if l.startswith("VmRSS"))

    payload = string_field(1, b"z" * SIZE)
    results, peak, done = [], [rss_mb()], threading.Event()
    before = peak[0]

    def client():
        sock = socket.create_connection(("127.0.0.1", PORT))
        sock.sendall(b"DFHack?\n\x01\x00\x00\x00")
        read_exactly(sock, 12)
        if mode == "echo":
            bind = string_field(1, b"echo") + string_field(2, b"dfproto.StringMessage") + \
                string_field(3, b"dfproto.StringMessage") + string_field(4, b"sample")
            sock.sendall(frame(0, bind))
            frame_id, _, size = struct.unpack("<hhi", read_exactly(sock, 8))
            method_id = read_exactly(sock, size)[1]
            sock.sendall(frame(method_id, payload))
        else:
            sock.sendall(frame(1, payload))
        results.append(read_reply(sock))
        sock.close()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    clients = [threading.Thread(target=client) for _ in range(4)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    done.set()
    watcher.join()
    node.terminate()
    node.wait()
    return peak[0] - before, results


echo_growth, echo_results = run("echo")
command_growth, command_results = run("command")
print(f"baseline: 4 x 64 MiB sample::echo    peak RSS +{echo_growth} MB, replies {echo_results}")
print(f"measured: 4 x 64 MiB unknown command peak RSS +{command_growth} MB, replies {command_results}")
print(f"ratio: {command_growth / echo_growth:.2f} (unknown command / echo)")
