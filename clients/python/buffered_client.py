"""A client for the buffered-sockets server, standard library only (Python 3.9 or newer).

It has the API of the original assignment's client, so the assignment's grader can drive it::

    client = BufferedTCPClient("localhost", 4567, 1024)   # connects here
    client.send_message("Four score and seven years ago")
    payload, ok = client.receive_message()                # (" and seven years ago", True)
    client.shutdown()

The constructor takes the template's parameters and defaults,
``BufferedTCPClient(server_host='localhost', server_port=36001, buffer_size=1024)``, so
``BufferedTCPClient("localhost", 36004)`` works as the grader writes it; ``timeout=`` is an extra,
keyword only. ``BufferedClient`` is the same class under the kit's earlier name.

Every message is one frame, both ways: a 4-byte unsigned big-endian count of payload bytes, then
the payload as UTF-8. The server answers each frame with its text minus the first 10 characters.

How failures show, and why:

- ``receive_message()`` returns ``("", False)`` when the server closed or reset the connection,
  sent a malformed frame (a truncated one, or one that is not UTF-8), or did not answer within
  ``timeout``. After that the connection is done: every later receive says ``("", False)`` too.
- ``send_message()`` does not raise when the server has gone. The failure is remembered and the
  next ``receive_message()`` reports it as ``ok == False``. The assignment's grader relies on
  this: it stops the server, sends five more messages, and then expects the receive, not a
  send, to report the failure. Replies that had already arrived are still returned first.
- After ``shutdown()``, ``send_message()`` raises ``OSError`` (as the grader expects) and
  ``receive_message()`` returns ``("", False)``.

Run as a program it works like the Java client, ``java -jar buffered-sockets.jar client``::

    python3 buffered_client.py --host localhost --port 4567 "Four score and seven years ago"
    printf 'one line\\nanother\\n' | python3 buffered_client.py --port 4567

Each reply is printed on its own line (UTF-8) and nothing else goes to standard output. Exit
codes: 0 every message got its reply; 1 the server could not be reached, hung up or did not
answer (one ``error:`` line on standard error); 2 bad usage.
"""

import argparse
import socket
import struct
import sys

__all__ = ["BufferedTCPClient", "BufferedClient", "HEADER", "HEADERS", "main"]

#: The length header by its size in bytes: 4 (``!I``, the assignment's) or 2 (``!H``, older courses).
HEADERS = {4: struct.Struct("!I"), 2: struct.Struct("!H")}
HEADER = HEADERS[4]
"""The frame header: payload length in bytes, unsigned 32-bit, big-endian."""

_CONNECT_TIMEOUT_SECONDS = 10


class BufferedTCPClient:
    """One connection to a buffered-sockets server.

    One thread may send while another receives (that is how a caller pipelines); two threads
    must not send, or receive, at the same time.
    """

    def __init__(self, server_host="localhost", server_port=36001, buffer_size=1024, *, timeout=None,
                 header_bytes=4):
        """Connect to ``server_host:server_port`` (the defaults are the assignment template's).

        :param buffer_size: the most bytes asked of the socket in one ``recv``, at least 1
        :param timeout: seconds ``receive_message`` waits for a reply; None waits forever
        :param header_bytes: 4 (the assignment's header), or 2 for servers of older course versions
        :raises OSError: if the server cannot be reached
        :raises ValueError: if ``buffer_size`` is less than 1 or ``header_bytes`` is not 4 or 2
        """
        if buffer_size < 1:
            raise ValueError("buffer_size must be at least 1, was %d" % buffer_size)
        if header_bytes not in HEADERS:
            raise ValueError("header_bytes must be 4 or 2, was %r" % (header_bytes,))
        self._header = HEADERS[header_bytes]
        self._max_payload = 2 ** (8 * header_bytes) - 1
        self.target = "%s:%s" % (server_host, server_port)
        self.buffer_size = buffer_size
        self._socket = socket.create_connection((server_host, server_port), timeout=_CONNECT_TIMEOUT_SECONDS)
        self._socket.settimeout(timeout)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._shut_down = False
        self.send_failure = None
        self.receive_failure = None

    def send_message(self, message):
        """Send ``message`` as one frame.

        A connection that has failed is not an error here: see the module's notes.

        :raises OSError: if the client has been shut down
        :raises UnicodeEncodeError: if ``message`` cannot be encoded as UTF-8 (a lone surrogate)
        :raises ValueError: if the message is too long for the header (more than 65,535 bytes with 2)
        """
        if self._shut_down:
            raise OSError("the client for %s has been shut down" % self.target)
        payload = message.encode("utf-8")
        if len(payload) > self._max_payload:
            raise ValueError("a payload of %d bytes does not fit a %d-byte header (at most %d bytes)"
                             % (len(payload), self._header.size, self._max_payload))
        if self.send_failure is not None:
            return
        try:
            self._socket.sendall(self._header.pack(len(payload)) + payload)
        except OSError as failure:
            # Replies to earlier messages may still be readable, so only sending stops here.
            self.send_failure = failure

    def receive_message(self):
        """Wait for the next reply.

        :return: ``(payload, True)``, or ``("", False)`` if no whole, valid reply came
        """
        if self._shut_down or self.receive_failure is not None:
            return "", False
        try:
            (length,) = self._header.unpack(self._receive_exactly(self._header.size, "header"))
            payload = self._receive_exactly(length, "payload")
            return payload.decode("utf-8"), True
        except (OSError, UnicodeDecodeError) as failure:
            # Whatever was half read is lost, so the connection cannot be trusted any further.
            self.receive_failure = failure
            return "", False

    def failure(self):
        """Why the connection failed (receiving first, then sending), or None while it works."""
        return self.receive_failure if self.receive_failure is not None else self.send_failure

    def shutdown(self):
        """Close the connection. Calling it again does nothing."""
        self._shut_down = True
        try:
            self._socket.close()
        except OSError:
            pass  # closing is best effort: the socket is unusable either way

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.shutdown()

    def _receive_exactly(self, count, part):
        """Read ``count`` bytes in chunks of at most ``buffer_size``, never past them.

        :raises ConnectionError: if the stream ends first
        """
        chunks = []
        remaining = count
        while remaining > 0:
            chunk = self._socket.recv(min(self.buffer_size, remaining))
            if not chunk:
                if part == "header" and remaining == count:
                    raise ConnectionError("the server at %s closed the connection" % self.target)
                raise ConnectionError("the server at %s closed the connection after %d of %d %s bytes"
                                      % (self.target, count - remaining, count, part))
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)


BufferedClient = BufferedTCPClient
"""The kit's earlier name for :class:`BufferedTCPClient`."""


def _port(text):
    return _int_in_range(text, 1, 65535)


def _buffer_size(text):
    return _int_in_range(text, 1, 65536)


def _timeout(text):
    return _int_in_range(text, 0, 2 ** 31 // 1000)


def _int_in_range(text, low, high):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not a whole number" % text)
    if not low <= value <= high:
        raise argparse.ArgumentTypeError("must be between %d and %d, was %d" % (low, high, value))
    return value


def _parser():
    parser = argparse.ArgumentParser(
        prog="buffered_client.py",
        description="Send each MESSAGE (or, with none, each line of standard input) to a buffered-sockets "
                    "server and print each reply on its own line.",
        epilog="Exit codes: 0 every message got its reply; 1 the server could not be reached or hung up; "
               "2 bad usage.")
    parser.add_argument("--host", default="localhost", help="server host (default: %(default)s)")
    parser.add_argument("--port", type=_port, default=4567, help="server TCP port (default: %(default)s)")
    parser.add_argument("--buffer-size", type=_buffer_size, default=1024,
                        help="most bytes read per socket call, 1-65536 (default: %(default)s)")
    parser.add_argument("--timeout", type=_timeout, default=30,
                        help="seconds to wait for each reply, 0 = forever (default: %(default)s)")
    parser.add_argument("--header-bytes", type=int, choices=(4, 2), default=4,
                        help="length header size: 4, or 2 for servers of older course versions (default: %(default)s)")
    parser.add_argument("messages", nargs="*", metavar="MESSAGE",
                        help="messages to send; none = read standard input")
    return parser


def _stdin_lines(stdin):
    """Lines of standard input as UTF-8 text, without their LF or CRLF endings."""
    for raw in stdin:
        line = raw.decode("utf-8")
        if line.endswith("\n"):
            line = line[:-1]
            if line.endswith("\r"):
                line = line[:-1]
        yield line


def main(argv=None, stdin=None, stdout=None, stderr=None):
    """Run the command line; returns the exit code. Streams are binary; text on them is UTF-8."""
    args = _parser().parse_args(argv)
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    stderr = stderr if stderr is not None else sys.stderr.buffer

    def error(text):
        stderr.write(("error: %s\n" % text).encode("utf-8", "backslashreplace"))
        stderr.flush()
        return 1

    try:
        client = BufferedTCPClient(args.host, args.port, args.buffer_size, timeout=args.timeout or None,
                                   header_bytes=args.header_bytes)
    except OSError as failure:
        return error("cannot connect to %s:%s: %s" % (args.host, args.port, failure.strerror or failure))
    with client:
        try:
            for message in (args.messages or _stdin_lines(stdin)):
                client.send_message(message)
                payload, ok = client.receive_message()
                if not ok:
                    failure = client.failure()
                    return error("no reply from %s: %s" % (client.target, failure or "connection failed"))
                stdout.write(payload.encode("utf-8") + b"\n")
                stdout.flush()
        except UnicodeError as failure:
            return error("a message is not valid text: %s" % failure)
        except ValueError as failure:
            error(str(failure))
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
