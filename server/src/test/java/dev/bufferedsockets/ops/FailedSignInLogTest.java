package dev.bufferedsockets.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins are logged once a minute per source address, with the count of those in between,
 * and remembering a bounded number of addresses. Time is a field the test moves: no sleeping.
 * Every test uses addresses of its own (documentation ranges), so the lines it counts are its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailedSignInLogTest {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private Instant now = START;

	@Test
	void anAddressGetsOneLineAMinuteCountingTheFailuresInBetween(CapturedOutput output) {
		FailedSignInLog log = new FailedSignInLog(() -> this.now, 100);

		for (int second = 0; second < 60; second += 10) { // 6 failures within the first minute
			at(second);
			log.onApplicationEvent(failureFrom("192.0.2.1"));
		}
		assertThat(lines(output, "192.0.2.1")).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("at most once a minute per address"));

		at(60);
		log.onApplicationEvent(failureFrom("192.0.2.1"));
		at(61);
		log.onApplicationEvent(failureFrom("192.0.2.1"));

		assertThat(lines(output, "192.0.2.1")).hasSize(2)
			.last()
			.satisfies((line) -> assertThat(line).endsWith("Failed HTTP sign-in from 192.0.2.1; 5 more from there "
					+ "since its previous line"));
		at(120);
		log.onApplicationEvent(failureFrom("192.0.2.1"));
		assertThat(lines(output, "192.0.2.1")).hasSize(3)
			.last()
			.satisfies((line) -> assertThat(line).endsWith("; 1 more from there since its previous line"));
	}

	@Test
	void eachAddressHasItsOwnMinute(CapturedOutput output) {
		FailedSignInLog log = new FailedSignInLog(() -> this.now, 100);

		log.onApplicationEvent(failureFrom("192.0.2.11"));
		log.onApplicationEvent(failureFrom("192.0.2.12"));
		log.onApplicationEvent(failureFrom("192.0.2.11"));
		log.onApplicationEvent(failureFrom("192.0.2.12"));

		assertThat(lines(output, "192.0.2.11")).hasSize(1);
		assertThat(lines(output, "192.0.2.12")).hasSize(1);
	}

	@Test
	void rememberedAddressesAreBoundedAndTheRestShareOneLineAMinute(CapturedOutput output) {
		FailedSignInLog log = new FailedSignInLog(() -> this.now, 2);
		log.onApplicationEvent(failureFrom("198.51.100.1"));
		log.onApplicationEvent(failureFrom("198.51.100.2"));
		at(30);
		log.onApplicationEvent(failureFrom("198.51.100.1")); // counted, to be reported when forgotten

		log.onApplicationEvent(failureFrom("198.51.100.3")); // no room: shares the untracked line
		log.onApplicationEvent(failureFrom("198.51.100.4")); // counted on that line
		log.onApplicationEvent(failureFrom("198.51.100.3"));

		assertThat(lines(output, "198.51.100.3")).singleElement()
			.satisfies((line) -> assertThat(line).contains("more than 2 addresses are failing"));
		assertThat(lines(output, "198.51.100.4")).isEmpty();

		at(60); // the first two addresses' minute is over: they make room, the first reporting its count
		log.onApplicationEvent(failureFrom("198.51.100.5"));

		assertThat(lines(output, "198.51.100.1")).hasSize(2)
			.last()
			.satisfies((line) -> assertThat(line).endsWith("Failed HTTP sign-ins from 198.51.100.1: 1 more since "
					+ "its previous line"));
		assertThat(lines(output, "198.51.100.2")).hasSize(1);
		assertThat(lines(output, "198.51.100.5")).singleElement()
			.satisfies((line) -> assertThat(line).contains("at most once a minute per address"));

		at(61); // remembered now, with its own minute
		log.onApplicationEvent(failureFrom("198.51.100.6"));
		log.onApplicationEvent(failureFrom("198.51.100.6"));
		assertThat(lines(output, "198.51.100.6")).singleElement()
			.satisfies((line) -> assertThat(line).contains("at most once a minute per address"));
	}

	@Test
	void aFailureWithoutWebDetailsIsLoggedAsFromAnUnknownAddress(CapturedOutput output) {
		FailedSignInLog log = new FailedSignInLog(() -> this.now, 100);
		var authentication = UsernamePasswordAuthenticationToken.unauthenticated("someone", "guess");

		log.onApplicationEvent(new AuthenticationFailureBadCredentialsEvent(authentication,
				new BadCredentialsException("Bad credentials")));

		assertThat(lines(output, "an unknown address")).hasSize(1);
	}

	private void at(int second) {
		this.now = START.plus(Duration.ofSeconds(second));
	}

	private static AuthenticationFailureBadCredentialsEvent failureFrom(String address) {
		var authentication = UsernamePasswordAuthenticationToken.unauthenticated("someone", "guess");
		authentication.setDetails(new WebAuthenticationDetails(address, null));
		return new AuthenticationFailureBadCredentialsEvent(authentication,
				new BadCredentialsException("Bad credentials"));
	}

	/** The lines about {@code address}, not those of another address it is a prefix of. */
	private static List<String> lines(CapturedOutput output, String address) {
		return output.getOut()
			.lines()
			.filter((line) -> line.matches(".*Failed HTTP sign-ins? from " + address.replace(".", "\\.") + "\\b(?!\\.).*"))
			.toList();
	}

}
