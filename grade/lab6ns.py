"""Tests of the network server (lab 6, part B): ns on lwIP, the socket
library, echosrv and httpd, talked to from the host through QEMU's
forwarded ports with real clients (sockets, HTTP, headless Chromium).

The guest runs echoserve or webserve (user/test/): the server, and a
control connection on the other forwarded port, on which the test's last
order, "done", ends the run (netctl: done).  Without lwIP's source the
tree builds no network server, and every test here is skipped.
"""

import http.client
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time

from grade.runner import fail, skip, test

NS_BUILT = subprocess.run(["make", "-s", "--no-print-directory", "print-lwip"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          universal_newlines=True).stdout.strip() == "yes"
DONE = r"^netctl: done$"
PAGES = r"^netctl: (\d+) free pages$"
ECHO_BYTES = 10 << 20


def needs_ns(out):
    """The tree builds the network server (it needs lwIP's source)."""
    skip("lwIP not available")


def ns_test(name, **kw):
    """Register a network-server test at lab 6; without lwIP, one that
    boots nothing and is skipped."""
    if not NS_BUILT:
        add = test(name, host=lambda deadline: "", lab=6)
        add(needs_ns)
        return lambda check: check
    kw.setdefault("forbid", [r"panic"])
    return test(name, lab=6, **kw)


def order(port, what):
    """Give the guest's netctl an order on port; return once it is read."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(what.encode() + b"\n")
        s.recv(16)


def action(results, body, ctl):
    """A net action: run body(ports), keeping what it returns (or the
    exception it raised) in results, then order the guest to stop on
    ports[ctl]."""
    def run(ports):
        try:
            results["value"] = body(ports)
        except Exception as e:
            results["error"] = "%s: %s" % (type(e).__name__, e)
        finally:
            try:
                order(getattr(ports, ctl), "done")
            except OSError as e:
                results.setdefault("error", "control connection: %s" % e)
    return run


def outcome(results):
    """What the net action returned; fails the test if it failed."""
    if "error" in results:
        fail(results["error"])
    if "value" not in results:
        fail("the host side never ran")
    return results["value"]


# --- TCP echo ------------------------------------------------------------

def echo_stream(port, data):
    """Send data to the echo server on port while reading back as much;
    return what came back."""
    back = bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        def reader():
            while len(back) < len(data):
                chunk = s.recv(1 << 16)
                if not chunk:
                    break
                back.extend(chunk)
        t = threading.Thread(target=reader, daemon=True)
        t.start()
        s.sendall(data)
        t.join(600)
    return bytes(back)


def check_echo(results):
    def check(out):
        """10 MB of random bytes come back from echosrv byte for byte."""
        want, back = outcome(results)
        if back != want:
            at = next((i for i, (a, b) in enumerate(zip(back, want))
                       if a != b), min(len(back), len(want)))
            fail("echo differs at byte %d of %d (got %d bytes back)"
                 % (at, len(want), len(back)))
    return check


def echo_10mb(ports):
    data = os.urandom(ECHO_BYTES)
    return data, echo_stream(ports.echo, data)


for cpus in (1, 4):
    results = {}
    ns_test("echo_10mb" + ("" if cpus == 1 else "-smp%d" % cpus),
            prog="echoserve", cpus=cpus, timeout=600, stop=DONE,
            net=[(r"^bound$", action(results, echo_10mb, "http"))],
            expect=[r"^bound$", r"^Client connected: 10\.0\.2\.2$",
                    DONE])(check_echo(results))


# --- HTTP: files, status lines, 404 ---------------------------------------

def xorshift_bytes(n):
    """webserve's file contents: the xorshift32 stream from seed 1."""
    out, x = bytearray(n), 1
    for i in range(n):
        x ^= (x << 13) & 0xffffffff
        x ^= x >> 17
        x ^= (x << 5) & 0xffffffff
        out[i] = x & 0xff
    return bytes(out)


def get(port, path, timeout=60):
    """GET path: (status, reason, headers dict, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.reason, dict(r.getheaders()), r.read()
    finally:
        conn.close()


FILES = [("/web/1b", 1), ("/web/4k", 4096), ("/web/1m", 1 << 20)]


def fetch_files(ports):
    got = {path: get(ports.http, path) for path, _ in FILES}
    for path in ("/index.html", "/", "/no-such-file.txt", "/web"):
        got[path] = get(ports.http, path)
    return got


def check_files(results):
    def check(out):
        """Files of 1 byte, 4 KB and 1 MB come back byte-exact with 200,
        Content-Length and Server; /index.html is fs/index.html; a
        missing file, / and a directory get 404."""
        got = outcome(results)
        for path, size in FILES:
            status, reason, headers, body = got[path]
            if (status, reason) != (200, "OK"):
                fail("%s: status %d %s" % (path, status, reason))
            if headers.get("Content-Length") != str(size) or \
                    headers.get("Server") != "jhttpd/0.1":
                fail("%s: headers %r" % (path, headers))
            if body != xorshift_bytes(size):
                fail("%s: %d bytes, not the file's %d" % (path, len(body),
                                                          size))
        with open("fs/index.html", "rb") as f:
            if got["/index.html"][::3] != (200, f.read()):
                fail("/index.html: %r" % (got["/index.html"][:2],))
        for path in ("/", "/no-such-file.txt", "/web"):
            if got[path][0] != 404:
                fail("%s: status %d, want 404" % (path, got[path][0]))
    return check


for cpus in (1, 4):
    results = {}
    ns_test("httpd_files" + ("" if cpus == 1 else "-smp%d" % cpus),
            prog="webserve", cpus=cpus, timeout=300, stop=DONE,
            net=[(r"^Waiting for http connections",
                  action(results, fetch_files, "echo"))],
            expect=[DONE])(check_files(results))


# --- HTTP: bad input --------------------------------------------------------

def exchange_on(s, request):
    """Send request bytes on the connected socket s, then read the answer
    to its end: the status line, or "" if the server closed without
    one."""
    s.sendall(request)
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def raw_exchange(port, request):
    """exchange_on a new connection to port."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        return exchange_on(s, request)


MALFORMED = [
    (b"HELLO\r\n\r\n", "HTTP/1.0 400 Bad Request"),
    (b"GET\r\n\r\n", "HTTP/1.0 400 Bad Request"),
    (b"\r\n\r\n", "HTTP/1.0 400 Bad Request"),
    (b"GET nopath HTTP/1.0\r\n\r\n", "HTTP/1.0 400 Bad Request"),
    (b"\x00\xff" * 100 + b"\n", "HTTP/1.0 400 Bad Request"),
    (b"GET /" + b"a" * 10240 + b" HTTP/1.0\r\n\r\n",
     "HTTP/1.0 414 Request-URI Too Long"),
]


def bad_round(http_port, report):
    """One round of bad clients, their failures added to report."""
    for request, want in MALFORMED:
        got = raw_exchange(http_port, request)
        if got != want:
            report.append("%r...: %r, want %r" % (request[:12], got, want))
    silent = socket.create_connection(("127.0.0.1", http_port), timeout=60)
    if get(http_port, "/web/4k")[0] != 200:
        report.append("no answer while a client is silent")
    s = socket.create_connection(("127.0.0.1", http_port), timeout=60)
    s.sendall(b"GET /web/1m HTTP/1.0\r\n\r\n")
    s.recv(1000)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    answers = []

    def one():
        try:
            answers.append(get(http_port, "/web/4k")[3]
                           == xorshift_bytes(4096))
        except OSError as e:
            answers.append(str(e))
    clients = [threading.Thread(target=one) for _ in range(20)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(120)
    if answers != [True] * 20:
        report.append("20 clients at once: %r" % answers)
    silent.close()
    if get(http_port, "/index.html")[0] != 200:
        report.append("no answer after all that")
    time.sleep(2)                   # for the last children to exit


ROUNDS = 5
# Clients of a round: the malformed ones, the silent one, a GET beside
# it, the reset one, 20 at once and a last GET.
CLIENTS_PER_ROUND = len(MALFORMED) + 4 + 20


def port_reused(http_port, report):
    """Two GETs of /web/1b from one client port, 3 s apart.  QEMU gives
    the guest's side the host client's port, and Linux hands a loopback
    port out again a second after it is closed; the server closed the
    first connection, so its TIME_WAIT must be over by then (an lwIP
    TIME_WAIT answers the second SYN with an ACK, and the client waits in
    vain)."""
    port = None
    for i in range(2):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port or 0))
            port = s.getsockname()[1]
            s.settimeout(30)
            try:
                s.connect(("127.0.0.1", http_port))
                got = exchange_on(s, b"GET /web/1b HTTP/1.0\r\n\r\n")
            except OSError as e:
                got = str(e)
        if not got.startswith("HTTP/1.0 200"):
            report.append("GET %d from port %d: %r" % (i + 1, port, got[:40]))
            return
        time.sleep(3)


def bad_clients(ports):
    """A first round of bad clients to warm the servers up, then ROUNDS
    rounds with the free page count before and after each, then a client
    back on its port; returns what went wrong."""
    report = []
    bad_round(ports.http, report)
    order(ports.echo, "pages")
    for _ in range(ROUNDS):
        bad_round(ports.http, report)
        order(ports.echo, "pages")
    port_reused(ports.http, report)
    return report


def check_bad_clients(results):
    def check(out):
        """Malformed requests get 400, a 10 KB request line 414; a silent
        client, a reset in the middle of a 1 MB reply and 20 clients at
        once hold nobody up; a client back on the port of its last
        connection is served.  No page leaks: after a first round, no
        round takes as many pages as it has clients, so a page lost per
        client (an accepted socket never closed, say) shows.  (A round
        may take a few: the file server keeps the pages of its table of
        open files, which grows to the most files open at once, its
        cache keeps the blocks it reads, and a page table lives as long
        as its env; 20 clients race, so a new most can come in any
        round: a round after the first took at most 12 of its 30 in the
        24 runs we watched.)"""
        report = outcome(results)
        if report:
            fail("; ".join(report))
        counts = [int(m.group(1)) for m in out.grep(PAGES)]
        taken = [a - b for a, b in zip(counts, counts[1:])]
        if len(counts) != ROUNDS + 1 or max(taken) >= CLIENTS_PER_ROUND:
            fail("free pages before and after each round: %r" % counts)
    return check


results = {}
ns_test("httpd_bad_input", prog="webserve", timeout=300, stop=DONE,
        net=[(r"^Waiting for http connections",
              action(results, bad_clients, "echo"))],
        expect=[DONE])(check_bad_clients(results))


# --- a real browser ------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-quic", "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium():
    """The path of Chromium, installed (tools/install-deps.sh) if missing;
    None if it cannot be had."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        subprocess.run(["sh", "tools/install-deps.sh", "chromium"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found = shutil.which("chromium")
    return found


def browse(ports):
    """Chromium's rendered DOM of /index.html, or None without Chromium."""
    browser = chromium()
    if not browser:
        return None
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([browser] + CHROMIUM_FLAGS + [
            "--user-data-dir=" + profile, "--dump-dom",
            "http://127.0.0.1:%d/index.html" % ports.http],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120,
            universal_newlines=True)
    return r.stdout


def check_browser(results):
    def check(out):
        """Headless Chromium loads /index.html from httpd and renders its
        title and text."""
        dom = outcome(results)
        if dom is None:
            skip("Chromium not available")
        for want in ("<title>JOS httpd</title>", "<h1>Served by JOS</h1>",
                     "sent through the network server"):
            if want not in dom:
                fail("no %r in the rendered page:\n%s" % (want, dom[:2000]))
    return check


results = {}
ns_test("httpd_chromium", prog="webserve", timeout=300, stop=DONE,
        net=[(r"^Waiting for http connections",
              action(results, browse, "echo"))],
        expect=[DONE])(check_browser(results))


# --- in the guest --------------------------------------------------------------

ns_test("nsbadreq", prog="nsbadreq", timeout=120,
        stop=r"^nsbadreq: the server survived$",
        expect=[r"^nsbadreq: \d+ checks, 0 failed$",
                r"^nsbadreq: the server survived$"],
        forbid=[r"^FAIL", r"panic"])

ns_test("echotest", prog="echotest", timeout=60,
        stop=r"^Failed to connect with server",
        expect=[r"^Connecting to:$", r"^\tip address 10\.0\.2\.15 = f02000a$",
                r"^opened socket$", r"^trying to connect to server$",
                r"^Failed to connect with server"])
