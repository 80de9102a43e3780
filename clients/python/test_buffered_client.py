"""Tests of buffered_client.py against a running buffered-sockets server.

The assignment grader's cases with its sizes, multi-byte text, buffer sizes, failures and the
command line. `mvn verify` runs this file against the Java server (PythonClientKitTest); by hand:

    BUFFERED_PORT=4567 python3 -m unittest -v test_buffered_client

BUFFERED_HOST defaults to 127.0.0.1. The server-shutdown case switches the server's keepRunning
off and on through /actuator/tcpserver, so it needs BUFFERED_ACTUATOR_URL (for example
http://127.0.0.1:8080/actuator), BUFFERED_USER and BUFFERED_PASSWORD; without them it is skipped.
"""

import base64
import json
import os
import random
import socket
import subprocess
import sys
import threading
import unittest
import urllib.request

from buffered_client import HEADERS, HEADER, BufferedClient, BufferedTCPClient

HOST = os.environ.get("BUFFERED_HOST", "127.0.0.1")
PORT = int(os.environ.get("BUFFERED_PORT", "4567"))
ACTUATOR_URL = os.environ.get("BUFFERED_ACTUATOR_URL")
USER = os.environ.get("BUFFERED_USER")
PASSWORD = os.environ.get("BUFFERED_PASSWORD")

CLIENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "buffered_client.py")
BUFFER_SIZE = 1024
REPLY_TIMEOUT_SECONDS = 30
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
MULTI_BYTE = "éßЖ中文😀𝄞𐍈\u0301"


def ascii_text(length, seed):
    rng = random.Random(seed)
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def mixed_text(length, seed):
    """About a third of the characters take 2 to 4 bytes in UTF-8."""
    rng = random.Random(seed)
    return "".join(rng.choice(MULTI_BYTE) if rng.randrange(3) == 0 else rng.choice(ALPHABET) for _ in range(length))


def set_keep_running(value):
    request = urllib.request.Request(
        ACTUATOR_URL.rstrip("/") + "/tcpserver", method="POST",
        data=json.dumps({"keepRunning": value}).encode("utf-8"),
        headers={"Content-Type": "application/json",
                 "Authorization": "Basic " + base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode("utf-8")).decode()})
    with urllib.request.urlopen(request, timeout=REPLY_TIMEOUT_SECONDS) as response:
        state = json.load(response)
    if state["keepRunning"] != value or state["listening"] != value:
        raise AssertionError("the server did not switch keepRunning to %s: %s" % (value, state))


class ServerCase(unittest.TestCase):
    """Opens clients on the server under test and shuts them all down afterwards."""

    def connect(self, buffer_size=BUFFER_SIZE):
        client = BufferedClient(HOST, PORT, buffer_size, timeout=REPLY_TIMEOUT_SECONDS)
        self.addCleanup(client.shutdown)
        return client

    def assert_round_trip(self, message, buffer_size=BUFFER_SIZE):
        client = self.connect(buffer_size)
        client.send_message(message)
        self.assertEqual((message[10:], True), client.receive_message())


class AssignmentCases(ServerCase):
    """Section 3 of the assignment, with the grader's message sizes."""

    def test_the_assignments_example_loses_its_first_ten_characters(self):
        client = self.connect()
        client.send_message("Four score and seven years ago")
        self.assertEqual((" and seven years ago", True), client.receive_message())

    def test_short_message_shorter_than_the_buffer(self):
        self.assert_round_trip(ascii_text(32, 1))

    def test_medium_message_slightly_longer_than_the_buffer(self):
        self.assert_round_trip(ascii_text(1245, 2))

    def test_long_message_many_times_the_buffer(self):
        self.assert_round_trip(ascii_text(650000, 3))

    def test_three_messages_in_series_each_get_their_own_reply(self):
        client = self.connect()
        for seed in range(10, 13):
            message = ascii_text(1500, seed)
            client.send_message(message)
            self.assertEqual((message[10:], True), client.receive_message())

    def test_three_messages_in_parallel_get_distinct_replies_in_order(self):
        client = self.connect()
        messages = [ascii_text(1500, seed) for seed in range(20, 23)]
        for message in messages:
            client.send_message(message)
        self.assertEqual([(m[10:], True) for m in messages], [client.receive_message() for _ in messages])

    @unittest.skipUnless(ACTUATOR_URL and USER and PASSWORD,
                         "needs BUFFERED_ACTUATOR_URL, BUFFERED_USER and BUFFERED_PASSWORD to stop the server")
    def test_client_sees_failure_when_the_server_shuts_down_while_it_keeps_sending(self):
        client = self.connect()
        message = ascii_text(32, 30)
        client.send_message(message)
        self.assertEqual((message[10:], True), client.receive_message())

        set_keep_running(False)
        try:
            for _ in range(5):
                client.send_message(message)  # must not raise: the receive reports the failure
            self.assertEqual(("", False), client.receive_message())
            self.assertIsNotNone(client.failure())
        finally:
            set_keep_running(True)

    def test_new_client_is_served_after_the_first_disconnects(self):
        first = self.connect()
        first.send_message(ascii_text(32, 40))
        self.assertTrue(first.receive_message()[1])
        first.shutdown()

        second = self.connect()
        message = ascii_text(32, 41)
        second.send_message(message)
        self.assertEqual((message[10:], True), second.receive_message())


class TextAndBuffers(ServerCase):

    def test_multi_byte_text_is_cut_on_characters_not_bytes(self):
        for message in ["😀😀😀😀😀😀😀😀😀😀 smile", "àéîõüçñÅØß crème brûlée", "日本語のテキストです。漢字とかな",
                        "e\u0301e\u0301e\u0301e\u0301e\u0301 accents", mixed_text(5000, 4)]:
            with self.subTest(message=message[:20]):
                self.assert_round_trip(message)

    def test_ten_characters_or_fewer_get_an_empty_reply(self):
        client = self.connect()
        for message in ["", "short", "0123456789", "😀" * 10]:
            client.send_message(message)
            self.assertEqual(("", True), client.receive_message())

    def test_buffer_sizes_one_and_4096_read_whole_frames_and_never_past_them(self):
        for buffer_size in (1, 4096):
            with self.subTest(buffer_size=buffer_size):
                client = self.connect(buffer_size)
                messages = [mixed_text(3000, 50 + buffer_size), "0123456789x", mixed_text(20, 51), ""]
                for message in messages:
                    client.send_message(message)
                self.assertEqual([(m[10:], True) for m in messages], [client.receive_message() for _ in messages])


class ClientApi(ServerCase):

    def test_buffered_tcp_client_is_the_name_the_assignments_template_uses(self):
        self.assertIs(BufferedClient, BufferedTCPClient)
        client = BufferedTCPClient(HOST, PORT, BUFFER_SIZE)
        self.addCleanup(client.shutdown)
        client.send_message("0123456789template")
        self.assertEqual(("template", True), client.receive_message())

    def test_send_after_shutdown_raises_os_error_and_receive_reports_failure(self):
        client = self.connect()
        client.shutdown()
        with self.assertRaises(OSError):
            client.send_message("anything at all")
        self.assertEqual(("", False), client.receive_message())
        client.shutdown()  # a second shutdown is harmless

    def test_unreachable_server_raises_os_error(self):
        with self.assertRaises(OSError):
            BufferedClient("127.0.0.1", closed_port(), BUFFER_SIZE)

    def test_buffer_size_below_one_is_refused(self):
        with self.assertRaises(ValueError):
            BufferedClient(HOST, PORT, 0)


class MalformedReplies(unittest.TestCase):
    """A fake server sends what the real one never does; the client reports failure, not garbage."""

    def serve_once(self, reply_bytes):
        listener = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(listener.close)

        def talk():
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(reply_bytes)

        thread = threading.Thread(target=talk, daemon=True)
        thread.start()
        self.addCleanup(thread.join, REPLY_TIMEOUT_SECONDS)
        client = BufferedClient("127.0.0.1", listener.getsockname()[1], BUFFER_SIZE, timeout=REPLY_TIMEOUT_SECONDS)
        self.addCleanup(client.shutdown)
        client.send_message("0123456789anything")
        return client

    def test_reply_that_is_not_utf8_is_a_failure(self):
        client = self.serve_once(HEADER.pack(2) + b"\xc3\x28")
        self.assertEqual(("", False), client.receive_message())
        self.assertIsInstance(client.failure(), UnicodeDecodeError)

    def test_reply_cut_off_inside_its_payload_is_a_failure(self):
        client = self.serve_once(HEADER.pack(100) + b"only part")
        self.assertEqual(("", False), client.receive_message())
        self.assertIn("9 of 100 payload bytes", str(client.failure()))

    def test_hang_up_after_a_reply_fails_the_next_receive_and_every_one_after(self):
        client = self.serve_once(HEADER.pack(5) + b"hello")
        self.assertEqual(("hello", True), client.receive_message())
        self.assertEqual(("", False), client.receive_message())
        self.assertEqual(("", False), client.receive_message())


class TwoByteHeaders(unittest.TestCase):
    """``header_bytes=2`` against a server of the older course versions (a ``!H`` header), faked here."""

    def setUp(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(self.listener.close)
        thread = threading.Thread(target=self.serve, daemon=True)
        thread.start()
        self.addCleanup(thread.join, REPLY_TIMEOUT_SECONDS)
        self.client = BufferedClient("127.0.0.1", self.listener.getsockname()[1], BUFFER_SIZE,
                                     timeout=REPLY_TIMEOUT_SECONDS, header_bytes=2)
        self.addCleanup(self.client.shutdown)

    def serve(self):
        connection, _ = self.listener.accept()
        with connection:
            connection.settimeout(REPLY_TIMEOUT_SECONDS)
            stream = connection.makefile("rb")
            while True:
                header = stream.read(2)
                if len(header) < 2:
                    return
                (length,) = HEADERS[2].unpack(header)
                reply = stream.read(length).decode("utf-8")[10:].encode("utf-8")
                connection.sendall(HEADERS[2].pack(len(reply)) + reply)

    def test_the_assignments_example_travels_with_two_byte_headers(self):
        self.client.send_message("Four score and seven years ago")
        self.assertEqual((" and seven years ago", True), self.client.receive_message())

    def test_the_longest_payload_a_two_byte_header_can_announce_is_sent(self):
        self.client.send_message("x" * 65535)
        self.assertEqual(("x" * 65525, True), self.client.receive_message())

    def test_a_payload_too_long_for_the_header_is_refused_before_anything_is_sent(self):
        with self.assertRaisesRegex(ValueError, "65536 bytes does not fit a 2-byte header"):
            self.client.send_message("x" * 65536)
        self.client.send_message("0123456789 still in step")
        self.assertEqual((" still in step", True), self.client.receive_message())

    def test_only_four_and_two_byte_headers_exist(self):
        with self.assertRaises(ValueError):
            BufferedClient("127.0.0.1", self.listener.getsockname()[1], BUFFER_SIZE, header_bytes=3)


class CommandLine(unittest.TestCase):
    """`python3 buffered_client.py` as a user runs it, in a separate process."""

    def run_client(self, *args, stdin=b"", env=None):
        return subprocess.run([sys.executable, CLIENT] + list(args), input=stdin, capture_output=True,
                              timeout=REPLY_TIMEOUT_SECONDS, env=env)

    def server_args(self):
        return ["--host", HOST, "--port", str(PORT)]

    def test_prints_each_reply_to_message_arguments_on_its_own_line(self):
        result = self.run_client(*self.server_args(), "Four score and seven years ago", "0123456789abc",
                                 "héllo wörld – 😀 done twelve")
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(" and seven years ago\nabc\nd – 😀 done twelve\n".encode("utf-8"), result.stdout)
        self.assertEqual(b"", result.stderr)

    def test_without_messages_replies_to_each_line_of_standard_input_in_utf8_whatever_the_locale(self):
        env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
        stdin = "Four score and seven years ago\r\n日本語のテキストです。漢字とかな\n0123456789 no newline".encode("utf-8")
        result = self.run_client(*self.server_args(), "--buffer-size", "1", stdin=stdin, env=env)
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(" and seven years ago\n。漢字とかな\n no newline\n".encode("utf-8"), result.stdout)

    def test_messages_that_look_like_options_can_follow_a_double_dash(self):
        result = self.run_client(*self.server_args(), "--", "--port=1 is not an option here")
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(b"s not an option here\n", result.stdout)

    def test_unreachable_server_is_one_error_line_and_exit_code_one(self):
        port = closed_port()
        result = self.run_client("--host", "127.0.0.1", "--port", str(port), "hello there, anybody home?")
        self.assertEqual(1, result.returncode)
        self.assertEqual(b"", result.stdout)
        self.assertEqual(1, len(result.stderr.splitlines()), result.stderr)
        self.assertTrue(result.stderr.startswith(b"error: "), result.stderr)
        self.assertIn(("127.0.0.1:%d" % port).encode(), result.stderr)

    def test_bad_usage_prints_usage_and_exits_two_without_sending(self):
        for bad in (["--port", "0"], ["--port", "abc"], ["--port", "70000"], ["--buffer-size", "0"],
                    ["--buffer-size", "65537"], ["--nonsense"]):
            with self.subTest(args=bad):
                result = self.run_client("--host", HOST, *bad, "hello world, hello", stdin=b"not sent\n")
                self.assertEqual(2, result.returncode, result.stderr)
                self.assertEqual(b"", result.stdout)
                self.assertIn(b"usage:", result.stderr)
                self.assertNotIn(b"Traceback", result.stderr)

    def test_help_prints_usage_and_exits_zero(self):
        result = self.run_client("--help")
        self.assertEqual(0, result.returncode)
        self.assertIn(b"--buffer-size", result.stdout)


def closed_port():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    unittest.main()
