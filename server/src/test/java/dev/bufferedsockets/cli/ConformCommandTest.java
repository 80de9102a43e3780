package dev.bufferedsockets.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.CommandLineRun;
import dev.bufferedsockets.support.ScriptedServer;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.test.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code conform} checking servers: ours passes every required case, and servers with the
 * classic mistakes fail the cases meant to catch them, with what was expected and what came.
 */
@ServerTest
class ConformCommandTest {

	private static final List<String> REQUIRED = List.of("seed-example", "short", "medium", "long", "series", "pipelined",
			"empty", "ten-characters", "emoji", "cjk", "combining-marks", "one-byte-writes", "split-header-and-payload",
			"two-frames-one-write", "frame-then-next-header", "pipelined-100");

	private static final List<String> REPORTED = List.of("invalid-utf8", "oversized-header");

	@Autowired
	private BufferedServer server;

	@Test
	void ourServerPassesEveryRequiredCaseAndItsChoicesAreReported() {
		CommandLineRun run = conform(this.server.getPort());

		assertThat(run.exitCode()).as(run.stdout()).isZero();
		for (String name : REQUIRED) {
			assertThat(run.stdout()).contains("PASS  " + name + " ");
		}
		assertThat(run.stdout()).contains("NOTE  invalid-utf8", "NOTE  oversized-header")
			.contains("the server closed the connection without replying; a new connection was then served correctly")
			.contains("PASS: all 16 required cases passed")
			.doesNotContain("FAIL");
		assertThat(run.stderr()).isEmpty();
	}

	@Test
	void jsonGivesGradersOneObjectWithEveryCase() {
		CommandLineRun run = conform(this.server.getPort(), "--json");

		assertThat(run.exitCode()).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(run.stdout());
		assertThat(report.get("passed").asBoolean()).isTrue();
		assertThat(report.get("headerBytes").asInt()).isEqualTo(4);
		List<String> names = new ArrayList<>();
		report.get("cases").forEach(conformCase -> {
			names.add(conformCase.get("name").asString());
			assertThat(conformCase.get("result").asString()).isIn("pass", "note");
			assertThat(conformCase.get("required").asBoolean()).isEqualTo(REQUIRED.contains(conformCase.get("name").asString()));
		});
		List<String> all = new ArrayList<>(REQUIRED);
		all.addAll(REPORTED);
		assertThat(names).containsExactlyElementsOf(all);
	}

	@Test
	void aServerThatCountsBytesFailsTheMultiByteCasesAndShowsTheBytes() throws Exception {
		try (ScriptedServer broken = ScriptedServer.start(BrokenServers.bytesInsteadOfCodePoints())) {
			CommandLineRun run = conform(broken.port(), "--case", "seed-example", "--case", "emoji", "--case", "cjk",
					"--case", "combining-marks");

			assertThat(run.exitCode()).isEqualTo(1);
			assertThat(run.stdout()).contains("PASS  seed-example", "FAIL  emoji", "FAIL  cjk", "FAIL  combining-marks")
				.contains("expected: header 14 (00 00 00 0e) then 14 bytes \"😀😀 smile\"")
				.contains("received: header 44 (00 00 00 2c) then 32 bytes \"\\ufffd\\ufffd😀😀")
				.contains("the header announces 44 bytes, more than a correct reply has")
				.contains("first difference at byte 3 of the frame: expected 0e f0 9f 98 80")
				.contains("FAIL: 3 of 4 required cases failed: emoji, cjk, combining-marks");
		}
	}

	@Test
	void aServerWithATwoByteHeaderFailsTheLongMessageAndPassesWithHeaderBytesTwo() throws Exception {
		try (ScriptedServer twoBytes = ScriptedServer.start(BrokenServers.twoByteHeader())) {
			CommandLineRun fourByteRun = conform(twoBytes.port(), "--case", "seed-example", "--case", "long");

			assertThat(fourByteRun.exitCode()).isEqualTo(1);
			assertThat(fourByteRun.stdout()).as("short frames survive the mix-up by accident")
				.contains("PASS  seed-example")
				.contains("FAIL  long")
				.contains("expected: header 649990 (00 09 eb 06)");

			CommandLineRun twoByteRun = conform(twoBytes.port(), "--header-bytes", "2");
			assertThat(twoByteRun.exitCode()).as(twoByteRun.stdout()).isZero();
			assertThat(twoByteRun.stdout()).contains("with 2-byte headers")
				.contains("PASS  long                      65,535 characters")
				.contains("PASS: all 16 required cases passed");
		}
	}

	@Test
	void aServerThatReadsPastTheFrameFailsTheFrameBoundaryCases() throws Exception {
		try (ScriptedServer mixing = ScriptedServer.start(BrokenServers.readsPastTheFrame())) {
			CommandLineRun run = conform(mixing.port(), "--timeout", "1s", "--case", "seed-example", "--case",
					"two-frames-one-write", "--case", "frame-then-next-header", "--case", "pipelined-100");

			assertThat(run.exitCode()).isEqualTo(1);
			assertThat(run.stdout()).contains("PASS  seed-example", "FAIL  two-frames-one-write",
					"FAIL  frame-then-next-header", "FAIL  pipelined-100")
				.contains("reply 1 of 2:")
				.contains("the reply to the first frame, sent with the second frame's header:");
		}
	}

	@Test
	void aServerThatNeverAnswersFailsEachCaseWithinItsTimeout() throws Exception {
		try (ScriptedServer silent = ScriptedServer.start(BrokenServers.silent())) {
			long start = System.nanoTime();
			CommandLineRun run = conform(silent.port(), "--timeout", "300ms", "--case", "seed-example", "--case", "empty");

			assertThat(run.exitCode()).isEqualTo(1);
			assertThat(run.stdout()).contains("FAIL  seed-example", "FAIL  empty")
				.contains("received: no bytes: no whole reply within the case's time limit");
			assertThat(System.nanoTime() - start).as("two cases of 300 ms").isLessThan(5_000_000_000L);
		}
	}

	@Test
	void anUnreachableServerIsOneErrorLineAndExitCodeOne() {
		int closed = FreePorts.freePort();
		CommandLineRun run = CommandLineRun.run("", "conform", "--host=127.0.0.1", "--port=" + closed);

		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr().lines()).singleElement()
			.satisfies(line -> assertThat(line).startsWith("error: cannot connect to 127.0.0.1:" + closed));
		assertThat(run.exitCode()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "--port=0", "--port=70000", "--case=nonsense", "--header-bytes=3", "--timeout=0",
			"--timeout=soon", "--connections=-1" })
	void badUsagePrintsUsageAndExitsTwo(String option) {
		CommandLineRun run = CommandLineRun.run("", "conform", "--host=127.0.0.1", option);

		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr()).contains("Usage:").contains(option.substring(0, option.indexOf('='))).doesNotContain("\tat ");
		assertThat(run.exitCode()).isEqualTo(2);
	}

	@Test
	void helpListsEveryCaseByName() {
		CommandLineRun run = CommandLineRun.run("", "conform", "--help");

		assertThat(run.exitCode()).isZero();
		for (String name : REQUIRED) {
			assertThat(run.stdout()).contains("  " + name + " ");
		}
		assertThat(run.stdout()).contains("invalid-utf8", "oversized-header", "--serve", "--header-bytes", "--json");
	}

	private static CommandLineRun conform(int port, String... options) {
		List<String> args = new ArrayList<>(List.of("conform", "--host=127.0.0.1", "--port=" + port));
		args.addAll(Arrays.asList(options));
		return CommandLineRun.run("", args.toArray(String[]::new));
	}

}
