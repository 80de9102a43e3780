package dev.bufferedsockets.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Logs failed HTTP sign-ins (wrong user or password) at WARN, at most once a minute per source
 * address, each line with the number of failures from that address since its previous line. Someone
 * guessing passwords fills no disk, and a misconfigured scraper is one line a minute.
 *
 * <p>Memory is bounded: at most {@code maxSources} addresses are remembered. Addresses whose
 * minute is over are forgotten when room is needed (reporting the failures not yet logged); while
 * more addresses than that fail within one minute, the addresses beyond them share one line a
 * minute. The source is the address the request came from ({@code getRemoteAddr()}): behind a
 * proxy, the proxy's, unless Boot's {@code server.forward-headers-strategy} is set.
 */
public class FailedSignInLog implements ApplicationListener<AbstractAuthenticationFailureEvent> {

	static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(FailedSignInLog.class);

	private final InstantSource clock;

	private final int maxSources;

	/** Ordered by each address's last line, oldest first: the ones to forget come first. */
	private final Map<String, Window> sources = new LinkedHashMap<>();

	/** The addresses that found no room in {@link #sources}. */
	private final Window untracked = new Window();

	/**
	 * @param clock the time
	 * @param maxSources most addresses remembered at once
	 */
	public FailedSignInLog(InstantSource clock, int maxSources) {
		this.clock = clock;
		this.maxSources = maxSources;
	}

	@Override
	public void onApplicationEvent(AbstractAuthenticationFailureEvent event) {
		failed((event.getAuthentication().getDetails() instanceof WebAuthenticationDetails web)
				&& web.getRemoteAddress() != null ? web.getRemoteAddress() : "an unknown address");
	}

	private synchronized void failed(String source) {
		Instant now = this.clock.instant();
		Window window = this.sources.get(source);
		if (window == null && this.sources.size() >= this.maxSources) {
			forgetQuietSources(now);
		}
		if (window == null && this.sources.size() < this.maxSources) {
			window = new Window();
			this.sources.put(source, window);
		}
		if (window == null) {
			if (this.untracked.count(now)) {
				logger.warn("Failed HTTP sign-in from " + source + ((this.untracked.lastLine == null) ? ""
						: "; " + this.untracked.suppressed + " more from other addresses since the previous such line")
						+ " (more than " + this.maxSources + " addresses are failing: the others share this line, "
						+ "at most once a minute)");
				this.untracked.logged(now);
			}
			return;
		}
		if (window.count(now)) {
			logger.warn("Failed HTTP sign-in from " + source + ((window.lastLine == null)
					? " (logged at most once a minute per address, with a count of those in between)"
					: "; " + window.suppressed + " more from there since its previous line"));
			window.logged(now);
			this.sources.remove(source); // and back at the end: the order stays by last line
			this.sources.put(source, window);
		}
	}

	/** Forgets the addresses whose minute is over, reporting any failures of theirs not yet logged. */
	private void forgetQuietSources(Instant now) {
		for (Iterator<Map.Entry<String, Window>> oldest = this.sources.entrySet().iterator(); oldest.hasNext();) {
			Map.Entry<String, Window> entry = oldest.next();
			if (!entry.getValue().minuteOver(now)) {
				return;
			}
			if (entry.getValue().suppressed > 0) {
				logger.warn("Failed HTTP sign-ins from " + entry.getKey() + ": " + entry.getValue().suppressed
						+ " more since its previous line");
			}
			oldest.remove();
		}
	}

	/** One address's minute: when it last had a line, and the failures since then not logged. */
	private static final class Window {

		private Instant lastLine;

		private long suppressed;

		/** @return true if this failure is to be logged (its minute is over), false if it was counted instead */
		boolean count(Instant now) {
			if (minuteOver(now)) {
				return true;
			}
			this.suppressed++;
			return false;
		}

		boolean minuteOver(Instant now) {
			return this.lastLine == null || !now.isBefore(this.lastLine.plus(INTERVAL));
		}

		void logged(Instant now) {
			this.lastLine = now;
			this.suppressed = 0;
		}

	}

}
