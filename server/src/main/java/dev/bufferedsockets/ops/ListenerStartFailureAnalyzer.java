package dev.bufferedsockets.ops;

import dev.bufferedsockets.server.lifecycle.ListenerStartException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a TCP listener that could not start (port taken, address not local) in one line. */
public class ListenerStartFailureAnalyzer extends AbstractFailureAnalyzer<ListenerStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerStartException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Stop whatever uses port " + cause.getPort() + " or choose another with --buffered.server.port=N "
						+ "(and check buffered.server.bind-address=" + cause.getBindAddress() + " is an address of "
						+ "this machine).",
				cause);
	}

}
