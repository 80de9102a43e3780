"""The kit's two classes used as the assignment's grader uses a student's two files.

The grader constructs the server with the template's positional and default arguments, runs
``start()`` on a thread, connects a client at once, sends its cases and then sets
``keep_running = False``. `mvn verify` runs this file against the packaged jar (PythonGraderKitIT);
by hand, after `mvn -B -DskipTests package`:

    BUFFERED_SOCKETS_JAR=../../target/buffered-sockets.jar python3 -m unittest -v test_grader_shaped

Without a jar (none named and none where the repository builds it) the cases that run the Java
server are skipped. The process-lifecycle cases run a stand-in for ``java`` (a small Python
listener) instead, so they need neither Java nor the jar, but a POSIX system.
"""

import gc
import inspect
import json
import os
import random
import signal
import socket
import string
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from unittest import mock

import buffered_server
from buffered_client import BufferedClient, BufferedTCPClient
from buffered_server import BufferedTCPEchoServer

KIT = os.path.dirname(os.path.abspath(__file__))
TIMEOUT_SECONDS = 60
"""The most any one wait in these tests may take: a reply, a join, a process exit."""

try:
    JAR = buffered_server._find_jar()
    NO_JAR = None
except FileNotFoundError as missing:
    JAR = None
    NO_JAR = str(missing)


def grader_text(length):
    """A message like the grader's: random upper-case letters and digits."""
    return "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(length))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def can_listen_on(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("", port))
            return True
        except OSError:
            return False


def process_gone(pid):
    """True once ``pid`` is no process, or a zombie (a reaper that never reaps keeps those)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/%d/stat" % pid) as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
        except FileNotFoundError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def wait_until(condition, what, timeout=TIMEOUT_SECONDS):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError("not within %s s: %s" % (timeout, what))
        time.sleep(0.05)


def bounded(client):
    """The template's forms wait forever for a reply; a test must not."""
    client._socket.settimeout(TIMEOUT_SECONDS)
    return client


class KitCase(unittest.TestCase):

    def serve(self, server):
        """Run ``server.start()`` on a thread, as the grader does, and stop everything at the end."""
        runner = threading.Thread(target=server.start, name="server.start", daemon=True)
        self.addCleanup(runner.join, TIMEOUT_SECONDS)  # cleanups run last first: shutdown(), then this
        self.addCleanup(server.shutdown)
        runner.start()
        return runner

    def connect(self, client):
        self.addCleanup(client.shutdown)
        return bounded(client)

    def assert_stopped(self, server, runner):
        """``start()`` has returned, the client-side sees the end, and the process is gone."""
        runner.join(TIMEOUT_SECONDS)
        self.assertFalse(runner.is_alive(), "start() returned")
        wait_until(lambda: process_gone(server._pid), "the Java process %d is gone" % server._pid)


class TemplateSignatures(unittest.TestCase):

    def test_constructors_take_the_templates_names_and_defaults(self):
        self.assertEqual("(server_host='localhost', server_port=36001, buffer_size=1024, *, timeout=None, "
                         "header_bytes=4)", str(inspect.signature(BufferedTCPClient)))
        self.assertEqual("(host='', port=36001, buffer_size=1024, *, header_bytes=4)",
                         str(inspect.signature(BufferedTCPEchoServer)))
        self.assertIs(BufferedTCPClient, BufferedClient)


@unittest.skipIf(JAR is None, "no jar to run: %s" % NO_JAR)
class GraderShaped(KitCase):
    """The Java server from the jar, driven as the grader drives a student's server."""

    def test_two_argument_forms_serve_every_case_then_keep_running_false_stops_the_server(self):
        port = free_port()
        server = BufferedTCPEchoServer("", port)
        runner = self.serve(server)
        client = self.connect(BufferedTCPClient("localhost", port))  # at once, as the grader does
        self.assertTrue(server.keep_running)

        client.send_message("Four score and seven years ago")
        self.assertEqual((" and seven years ago", True), client.receive_message())
        for length in (32, 1245, 650000):
            with self.subTest(length=length):
                message = grader_text(length)
                client.send_message(message)
                self.assertEqual((message[10:], True), client.receive_message())
        series = [grader_text(1500) for _ in range(3)]
        for message in series:
            client.send_message(message)
            self.assertEqual((message[10:], True), client.receive_message())
        pipelined = [grader_text(1500) for _ in range(3)]
        for message in pipelined:
            client.send_message(message)
        self.assertEqual([(m[10:], True) for m in pipelined], [client.receive_message() for _ in pipelined])

        client.shutdown()  # the grader's client check, then a new client on the same server
        with self.assertRaises(OSError):
            client.send_message("Checking to see if the socket is closed")
        second = self.connect(BufferedTCPClient("localhost", port))
        message = grader_text(32)
        second.send_message(message)
        self.assertEqual((message[10:], True), second.receive_message())

        server.keep_running = False
        self.assert_stopped(server, runner)
        self.assertEqual(("", False), second.receive_message())
        server.shutdown()  # after start() stopped it: nothing left to do, no error

    def test_two_byte_headers_of_older_course_versions_on_both_classes(self):
        port = free_port()
        server = BufferedTCPEchoServer("127.0.0.1", port, 1024, header_bytes=2)
        runner = self.serve(server)
        client = self.connect(BufferedTCPClient("127.0.0.1", port, header_bytes=2))
        client.send_message("Four score and seven years ago")
        self.assertEqual((" and seven years ago", True), client.receive_message())
        message = grader_text(65535)
        client.send_message(message)
        self.assertEqual((message[10:], True), client.receive_message())
        server.keep_running = False
        self.assert_stopped(server, runner)

    def test_three_positional_arguments_on_a_finished_thread_and_shutdown_while_start_runs(self):
        port = free_port()
        built = {}

        def construct():
            try:
                built["server"] = BufferedTCPEchoServer("127.0.0.1", port, 1)
            except BaseException as failure:
                built["failure"] = failure

        constructor = threading.Thread(target=construct)
        constructor.start()
        constructor.join(buffered_server.STARTUP_TIMEOUT_SECONDS + TIMEOUT_SECONDS)
        self.assertNotIn("failure", built)
        server = built["server"]
        runner = self.serve(server)
        # The constructing thread has ended; on Linux that must not trigger the parent-death signal.
        client = self.connect(BufferedTCPClient(server_host="127.0.0.1", server_port=port, buffer_size=1))
        message = "Four score and seven years ago, é😀 and 1,245 more: " + grader_text(1245)
        client.send_message(message)
        self.assertEqual((message[10:], True), client.receive_message())

        server.shutdown()
        self.assert_stopped(server, runner)
        self.assertTrue(server.keep_running, "shutdown() leaves keep_running to the grader")
        self.assertEqual(("", False), client.receive_message())
        server.shutdown()
        with self.assertRaises(OSError):
            server.start()

    def test_every_default_listens_on_port_36001(self):
        if not can_listen_on(36001):
            self.skipTest("port 36001, the template's default, is in use here")
        server = BufferedTCPEchoServer()
        runner = self.serve(server)
        client = self.connect(BufferedTCPClient())
        client.send_message("Four score and seven years ago")
        self.assertEqual((" and seven years ago", True), client.receive_message())

        server.keep_running = False
        self.assert_stopped(server, runner)
        self.assertEqual(("", False), client.receive_message())


STAND_IN = """\
#!{python}
# Stands in for java: listens where the kit asks the server to (mode "listen"), or not.
import socket, sys, time
options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
print("stand-in java", " ".join(sys.argv[1:]), flush=True)
if "{mode}" == "exit":
    print("cannot start: the stand-in exits", flush=True)
    sys.exit(3)
if "{mode}" == "listen":
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((options["buffered.server.bind-address"], int(options["buffered.server.port"])))
    listener.listen()
while True:
    time.sleep(60)
"""


@unittest.skipIf(os.name != "posix", "the stand-in for java is a POSIX script")
class ProcessLifecycle(unittest.TestCase):
    """No process outlives its server or the Python process, with a stand-in for java."""

    def stand_in(self, mode):
        """Environment variables under which the kit runs the stand-in in ``mode`` as java."""
        home = tempfile.TemporaryDirectory(prefix="stand-in-java-")
        self.addCleanup(home.cleanup)
        os.mkdir(os.path.join(home.name, "bin"))
        java = os.path.join(home.name, "bin", "java")
        with open(java, "w") as script:
            script.write(STAND_IN.format(python=sys.executable, mode=mode))
        os.chmod(java, 0o755)
        jar = os.path.join(home.name, "buffered-sockets.jar")
        open(jar, "w").close()
        self.marker = home.name
        return {"JAVA_HOME": home.name, buffered_server.JAR_VARIABLE: jar}

    def use(self, environment):
        patch = mock.patch.dict(os.environ, environment)
        patch.start()
        self.addCleanup(patch.stop)

    def stop_if_left(self, pid):
        """Kill a stand-in that a failed case left behind: ours, recognised by its command line."""
        def stop():
            if process_gone(pid):
                return
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as cmdline:
                    ours = self.marker.encode() in cmdline.read()
            except OSError:
                ours = False
            if ours:
                os.kill(pid, signal.SIGKILL)
        self.addCleanup(stop)

    def test_process_that_exits_early_is_reported_with_its_output(self):
        self.use(self.stand_in("exit"))
        with self.assertRaises(RuntimeError) as raised:
            BufferedTCPEchoServer("127.0.0.1", free_port())
        self.assertIn("exited with code 3 before listening", str(raised.exception))
        self.assertIn("cannot start: the stand-in exits", str(raised.exception))

    def test_process_that_never_listens_is_stopped_and_reported(self):
        self.use(self.stand_in("silent"))
        started = []
        spawn = buffered_server._spawn

        def recording_spawn(*args):
            process = spawn(*args)
            started.append(process.pid)
            self.stop_if_left(process.pid)
            return process

        with mock.patch.object(buffered_server, "STARTUP_TIMEOUT_SECONDS", 2), \
                mock.patch.object(buffered_server, "_spawn", recording_spawn):
            with self.assertRaises(RuntimeError) as raised:
                BufferedTCPEchoServer("127.0.0.1", free_port())
        self.assertIn("did not listen on 127.0.0.1:", str(raised.exception))
        self.assertIn("within 2 s", str(raised.exception))
        self.assertIn("stand-in java", str(raised.exception))
        self.assertTrue(process_gone(started[0]))

    def test_port_in_use_is_an_os_error_and_starts_nothing(self):
        self.use(self.stand_in("listen"))
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            with mock.patch.object(buffered_server, "_spawn", side_effect=AssertionError("spawned")):
                with self.assertRaises(OSError) as raised:
                    BufferedTCPEchoServer("127.0.0.1", port)
        self.assertIn("cannot listen on 127.0.0.1 port %d" % port, str(raised.exception))

    def test_jar_named_by_the_variable_must_exist(self):
        self.use({buffered_server.JAR_VARIABLE: os.path.join(tempfile.gettempdir(), "no", "such.jar")})
        with self.assertRaises(FileNotFoundError) as raised:
            BufferedTCPEchoServer("127.0.0.1", free_port())
        self.assertIn("BUFFERED_SOCKETS_JAR=", str(raised.exception))

    def test_jar_is_looked_for_in_server_target_then_target_then_next_to_the_kit(self):
        with tempfile.TemporaryDirectory() as repository:
            kit = os.path.join(repository, "clients", "python")
            places = [os.path.join(repository, "server", "target", "buffered-sockets.jar"),
                      os.path.join(repository, "target", "buffered-sockets.jar"),
                      os.path.join(kit, "buffered-sockets.jar")]
            for place in places:
                os.makedirs(os.path.dirname(place), exist_ok=True)
                open(place, "w").close()
            environment = {k: v for k, v in os.environ.items() if k != buffered_server.JAR_VARIABLE}
            with mock.patch.dict(os.environ, environment, clear=True), \
                    mock.patch.object(buffered_server, "_KIT_DIRECTORY", kit):
                for place in places:
                    self.assertEqual(os.path.realpath(place), os.path.realpath(buffered_server._find_jar()))
                    os.remove(place)
                with self.assertRaises(FileNotFoundError) as raised:
                    buffered_server._find_jar()
        self.assertIn("BUFFERED_SOCKETS_JAR", str(raised.exception))

    def test_garbage_collected_server_stops_its_process(self):
        self.use(self.stand_in("listen"))
        server = BufferedTCPEchoServer("127.0.0.1", free_port())
        pid = server._pid
        self.stop_if_left(pid)
        self.assertFalse(process_gone(pid))
        del server
        gc.collect()
        wait_until(lambda: process_gone(pid), "process %d is gone" % pid)

    def run_python(self, environment, code):
        """Run ``code`` in a new Python with the kit importable; return its JSON line and exit code."""
        child = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=KIT, capture_output=True,
                               env=dict(os.environ, **environment), timeout=TIMEOUT_SECONDS)
        lines = child.stdout.decode().splitlines()
        self.assertTrue(lines, "the Python process printed its report: %s" % child.stderr.decode())
        report = json.loads(lines[0])
        self.stop_if_left(report["pid"])
        return report, child.returncode

    def test_interpreter_exit_without_shutdown_stops_the_process(self):
        report, code = self.run_python(self.stand_in("listen"), """
            import json, sys
            from buffered_server import BufferedTCPEchoServer
            server = BufferedTCPEchoServer("127.0.0.1", 0)
            print(json.dumps({"pid": server._pid}), flush=True)
            sys.exit(0)  # no shutdown(): the atexit handler must stop it
        """)
        self.assertEqual(0, code)
        self.assertTrue(process_gone(report["pid"]), "stopped before the interpreter exited")

    @unittest.skipUnless(sys.platform.startswith("linux"), "the parent-death signal is Linux only")
    def test_process_dies_with_a_killed_parent_but_not_with_the_thread_that_constructed_it(self):
        report, code = self.run_python(self.stand_in("listen"), """
            import json, os, signal, threading, time
            from buffered_server import BufferedTCPEchoServer
            built = []
            constructor = threading.Thread(target=lambda: built.append(BufferedTCPEchoServer("127.0.0.1", 0)))
            constructor.start()
            constructor.join()
            pid = built[0]._pid
            # Linux sends the parent-death signal when the forking *thread* ends, so wait until this
            # one has ended in the kernel too; a SIGKILL sent then is pending at once.
            deadline = time.monotonic() + 30
            while os.path.exists("/proc/self/task/%d" % constructor.native_id) and time.monotonic() < deadline:
                time.sleep(0.01)
            try:
                with open("/proc/%d/status" % pid) as status:
                    fields = dict(line.split(":", 1) for line in status.read().splitlines() if ":" in line)
                pending = int(fields["SigPnd"], 16) | int(fields["ShdPnd"], 16)
                survived = fields["State"].split()[0] not in "ZX" and not pending & (1 << (signal.SIGKILL - 1))
            except FileNotFoundError:
                survived = False
            print(json.dumps({"pid": pid, "survived_its_constructing_thread": survived}), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)  # no atexit, no shutdown()
        """)
        self.assertEqual(-signal.SIGKILL, code)
        self.assertTrue(report["survived_its_constructing_thread"])
        wait_until(lambda: process_gone(report["pid"]), "process %d died with its parent" % report["pid"])

if __name__ == "__main__":
    unittest.main()
