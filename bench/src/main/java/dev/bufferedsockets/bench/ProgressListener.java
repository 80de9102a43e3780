package dev.bufferedsockets.bench;

/** Told about once a second how a run is going. */
@FunctionalInterface
public interface ProgressListener {

	ProgressListener NONE = (phase, elapsedSeconds, totalSeconds, rate, errors) -> {
	};

	/**
	 * @param phase "warmup", "measure" or "drain"
	 * @param elapsedSeconds seconds since load started
	 * @param totalSeconds warmup plus measurement seconds
	 * @param messagesPerSecond replies per second over the last interval
	 * @param errors failures so far
	 */
	void progress(String phase, double elapsedSeconds, double totalSeconds, double messagesPerSecond, long errors);

}
