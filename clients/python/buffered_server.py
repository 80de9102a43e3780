"""The assignment's server class, run by the buffered-sockets jar. Standard library only (Python 3.9+).

A course can run its grader against the buffered-sockets server by putting this file and
``buffered_client.py`` where the students' two files would go::

    server = BufferedTCPEchoServer('', 36001, 1024)  # the Java server listens when this returns
    threading.Thread(target=server.start).start()    # start() blocks ...
    ...
    server.keep_running = False                      # ... until this; then the Java server stops

``BufferedTCPEchoServer(host='', port=36001, buffer_size=1024)`` is the template's constructor.
It starts ``java -jar buffered-sockets.jar`` listening on ``host:port`` (``''`` is every IPv4
interface) and returns once the port accepts connections. ``start()`` checks ``keep_running``
every 50 ms; once it is False it stops the Java process (SIGTERM, then SIGKILL if it has not
exited within 20 s) and returns. Clients still connected then see the connection close: their next
``receive_message()`` returns ``("", False)``. ``shutdown()`` stops the process too, and may be
called any number of times.

Where the jar comes from, first match wins:

1. the environment variable ``BUFFERED_SOCKETS_JAR`` (the path of the jar);
2. ``../../server/target/buffered-sockets.jar`` from this file, where the repository builds it;
3. ``../../target/buffered-sockets.jar`` from this file, where it was built before the repository
   became several Maven modules;
4. ``buffered-sockets.jar`` next to this file.

Java is ``$JAVA_HOME/bin/java`` when ``JAVA_HOME`` is set, otherwise ``java`` on the PATH (Java 17
or newer). The HTTP side of the server (actuator, status page) takes a free port and a random
password that this module never shows.

No Java process outlives the Python one that started it, as far as Python can see to it:

- ``start()`` returning, ``shutdown()``, and the object being garbage-collected stop it;
- an ``atexit`` handler stops every server still running when the interpreter exits normally
  (the end of the script, ``sys.exit()``, an uncaught exception);
- on Linux the JVM is also started with a parent-death signal (SIGKILL), so it dies when the
  Python process dies without running ``atexit``: killed by a signal, ``os._exit()``, a crash.

Not covered: on other systems (macOS, Windows) a Python process that dies without running
``atexit`` leaves the JVM running; stop it by its PID. The parent-death signal is SIGKILL, so then
the server does not close its connections in order (clients may see a reset, not an end of stream).
"""

import atexit
import collections
import os
import queue
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import weakref

__all__ = ["BufferedTCPEchoServer", "JAR_VARIABLE"]

JAR_VARIABLE = "BUFFERED_SOCKETS_JAR"
"""The environment variable that names the jar to run, ahead of the places this module looks."""

JAR_NAME = "buffered-sockets.jar"

STARTUP_TIMEOUT_SECONDS = 90
"""How long the constructor waits for the port to accept connections before it gives up."""

STOP_TIMEOUT_SECONDS = 20
"""How long a stopped JVM may take to exit after SIGTERM before it is killed."""

POLL_SECONDS = 0.05
"""How often ``start()`` looks at ``keep_running``, and the constructor at the port."""

_DRAIN_TIMEOUT = "1s"
"""How long the Java server, once told to stop, waits for connected clients to close their side."""

_OUTPUT_LINES = 60
"""How many of the process's last lines of output an error message quotes."""

_JVM_OPTIONS = ["-XX:TieredStopAtLevel=1"]
"""The JIT's quick tier only: the JVM starts about a third faster, and a test server needs no more."""

_KIT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))


class BufferedTCPEchoServer:
    """The buffered-sockets server (Java) behind the assignment's server API."""

    def __init__(self, host="", port=36001, buffer_size=1024, *, header_bytes=4):
        """Start the Java server on ``host:port`` and return once it accepts connections.

        :param host: the address to listen on; ``''`` means every IPv4 interface
        :param port: the TCP port; 0 picks a free one (then ``self.port`` is the one picked)
        :param buffer_size: the most bytes the server reads from a socket in one call, 1-65536
        :param header_bytes: 4 (the assignment's header), or 2 for older course versions (then
            payloads are at most 65,535 bytes)
        :raises ValueError: if ``port`` or ``buffer_size`` is out of range
        :raises OSError: if ``host:port`` cannot be listened on (in use, not a local address)
        :raises FileNotFoundError: if the jar or Java cannot be found
        :raises RuntimeError: if the Java server exits or does not listen within the time allowed,
            with what it printed
        """
        self._process = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        if not 0 <= port <= 65535:
            raise ValueError("port must be between 0 and 65535, was %d" % port)
        if not 1 <= buffer_size <= 65536:
            raise ValueError("buffer_size must be between 1 and 65536, was %d" % buffer_size)
        if header_bytes not in (4, 2):
            raise ValueError("header_bytes must be 4 or 2, was %r" % (header_bytes,))
        self.host = host
        self.buffer_size = buffer_size
        self.keep_running = True

        family, bind_address, self.port = _claim(host, port)
        self.target = "%s:%d" % (bind_address if family == socket.AF_INET else "[%s]" % bind_address, self.port)
        jar = _find_jar()
        command = [_find_java()] + _JVM_OPTIONS + [
            "-jar", jar,
            "--buffered.server.port=%d" % self.port,
            "--buffered.server.bind-address=%s" % bind_address,
            "--buffered.server.buffer-size=%d" % buffer_size,
            "--buffered.server.drain-timeout=%s" % _DRAIN_TIMEOUT,
            "--buffered.server.header-bytes=%d" % header_bytes]
        if header_bytes == 2:
            command.append("--buffered.server.max-message-bytes=65535")
        command += [
            "--server.port=0"]
        # In the environment, not on the command line, so that other users cannot read it in `ps`.
        environment = dict(os.environ, SPRING_SECURITY_USER_PASSWORD=secrets.token_urlsafe(24))
        self._output = collections.deque(maxlen=_OUTPUT_LINES)
        self._process = _spawn(command, environment)
        self._pid = self._process.pid
        self._reader = threading.Thread(target=_collect, args=(self._process.stdout, self._output),
                                        name="buffered-server-output-%d" % self._pid, daemon=True)
        self._reader.start()
        _running.add(self)
        try:
            self._await_listening(_probe_address(family, bind_address), STARTUP_TIMEOUT_SECONDS)
        except BaseException:
            self.shutdown()
            raise

    def start(self):
        """Serve until ``keep_running`` is False (or ``shutdown()`` is called), then stop the server.

        :raises OSError: if the server was shut down before this call while ``keep_running`` is True
        :raises RuntimeError: if the Java server exits by itself, with what it printed
        """
        if self._stopped.is_set() and self.keep_running:
            raise OSError("the buffered-sockets server on %s has been shut down" % self.target)
        while self.keep_running and not self._stopped.is_set():
            if self._process.poll() is not None and not self._stopped.is_set():
                self.shutdown()
                raise RuntimeError("the buffered-sockets server on %s exited with code %s while serving:\n%s"
                                   % (self.target, self._process.returncode, self._output_text()))
            self._stopped.wait(POLL_SECONDS)
        self.shutdown()

    def shutdown(self):
        """Stop the Java server and wait until it has exited. Calling it again does nothing."""
        process = getattr(self, "_process", None)
        if process is None:
            return
        with self._lock:
            self._stopped.set()
            if process.returncode is None:
                _stop(process)
            self._reader.join(STOP_TIMEOUT_SECONDS)
            if process.stdout is not None:
                process.stdout.close()
        _running.discard(self)

    def __del__(self):
        try:
            self.shutdown()
        except Exception:
            pass  # at interpreter exit the atexit handler has already stopped it

    def _await_listening(self, address, timeout):
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                self._reader.join(STOP_TIMEOUT_SECONDS)
                raise RuntimeError("the buffered-sockets server exited with code %s before listening on %s:\n%s"
                                   % (self._process.returncode, self.target, self._output_text()))
            if _accepts(address, self.port):
                return
            if time.monotonic() >= deadline:
                raise RuntimeError("the buffered-sockets server did not listen on %s within %s s:\n%s"
                                   % (self.target, timeout, self._output_text()))
            time.sleep(POLL_SECONDS)

    def _output_text(self):
        lines = list(self._output)
        return "".join(lines) if lines else "(it printed nothing)\n"


_running = weakref.WeakSet()
"""Every server whose process may still be running, for the atexit handler."""


@atexit.register
def _stop_all():
    for server in list(_running):
        try:
            server.shutdown()
        except Exception:
            pass


def _find_jar():
    """:return: the path of the jar to run
    :raises FileNotFoundError: naming every place looked at"""
    named = os.environ.get(JAR_VARIABLE)
    if named:
        if os.path.isfile(named):
            return os.path.abspath(named)
        raise FileNotFoundError("%s=%s, which is not a file" % (JAR_VARIABLE, named))
    places = [os.path.join(_KIT_DIRECTORY, os.pardir, os.pardir, "server", "target", JAR_NAME),
              os.path.join(_KIT_DIRECTORY, os.pardir, os.pardir, "target", JAR_NAME),
              os.path.join(_KIT_DIRECTORY, JAR_NAME)]
    for place in places:
        if os.path.isfile(place):
            return os.path.normpath(place)
    raise FileNotFoundError("no %s: set %s to its path, or build it (mvn -B -DskipTests package); looked in %s"
                            % (JAR_NAME, JAR_VARIABLE, ", ".join(os.path.normpath(p) for p in places)))


def _find_java():
    """:return: the java executable: $JAVA_HOME/bin/java, else java on the PATH
    :raises FileNotFoundError: if there is none"""
    executable = "java.exe" if os.name == "nt" else "java"
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = os.path.join(java_home, "bin", executable)
        if os.path.isfile(java) and os.access(java, os.X_OK):
            return java
        raise FileNotFoundError("JAVA_HOME=%s has no bin/%s" % (java_home, executable))
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError("no java: set JAVA_HOME or put Java 17 or newer on the PATH")
    return java


def _claim(host, port):
    """Check that ``host:port`` can be listened on, as the template's constructor does by binding.

    :return: (address family, the numeric address to give the Java server, the port: a free one if 0)
    :raises OSError: if it cannot
    """
    if host == "":
        family, address = socket.AF_INET, "0.0.0.0"
    else:
        infos = socket.getaddrinfo(host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
        # IPv4 first, as Java resolves a name, so both sides mean the same address.
        infos.sort(key=lambda info: info[0] != socket.AF_INET)
        family, address = infos[0][0], infos[0][4][0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Java's listener does
        try:
            probe.bind((address, port))
        except OSError as failure:
            raise OSError(failure.errno, "cannot listen on %s port %d: %s" % (address, port, failure.strerror)) \
                from failure
        return family, address, probe.getsockname()[1]


def _probe_address(family, bind_address):
    """Where to connect to see whether the server listens: loopback for a wildcard address."""
    if bind_address == "0.0.0.0":
        return family, "127.0.0.1"
    if bind_address == "::":
        return family, "::1"
    return family, bind_address


def _accepts(address, port):
    family, host = address
    try:
        with socket.socket(family, socket.SOCK_STREAM) as connection:
            connection.settimeout(1)
            connection.connect((host, port))
        return True
    except OSError:
        return False


def _collect(stream, lines):
    """Keep the last lines the process prints, until it closes its output."""
    try:
        for line in iter(stream.readline, b""):
            lines.append(line.decode("utf-8", "replace"))
    except (OSError, ValueError):
        pass  # the stream was closed under us: the process is gone


def _stop(process):
    """SIGTERM, so the Java server closes its connections in order; SIGKILL if it takes too long."""
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT_SECONDS)


def _spawn(command, environment):
    """Start the JVM; on Linux so that it gets SIGKILL when this process dies."""
    options = dict(env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not sys.platform.startswith("linux") or not sys.executable:
        return subprocess.Popen(command, **options)
    # A small Python sets the parent-death signal and then becomes the JVM (exec keeps the PID and
    # the signal), so no code runs between fork and exec in this process. Linux sends the signal
    # when the *thread* that forked ends, so one thread that lives as long as the interpreter forks.
    return _Spawner.spawn([sys.executable, "-I", "-S", "-c", _DIE_WITH_PARENT, str(os.getpid())] + command,
                          options)


_DIE_WITH_PARENT = """
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
except Exception:
    pass  # no safeguard, but still a server: atexit and shutdown() stop it
if os.getppid() != int(sys.argv[1]):
    sys.exit(70)  # the parent died before the signal was set
os.execv(sys.argv[2], sys.argv[2:])
"""


class _Spawner:
    """Runs ``subprocess.Popen`` on one daemon thread, started on first use in each process."""

    _lock = threading.Lock()
    _requests = None
    _owner = None

    @classmethod
    def spawn(cls, command, options):
        with cls._lock:
            if cls._owner != os.getpid():  # first use, or a fork() of this process: no thread yet
                cls._requests = queue.Queue()
                cls._owner = os.getpid()
                threading.Thread(target=cls._serve, args=(cls._requests,), name="buffered-server-spawner",
                                 daemon=True).start()
            done = threading.Event()
            outcome = {}
            cls._requests.put((command, options, outcome, done))
            done.wait()
        if "failure" in outcome:
            raise outcome["failure"]
        return outcome["process"]

    @staticmethod
    def _serve(requests):
        while True:
            command, options, outcome, done = requests.get()
            try:
                outcome["process"] = subprocess.Popen(command, **options)
            except BaseException as failure:  # handed to the caller, who raises it
                outcome["failure"] = failure
            finally:
                done.set()
