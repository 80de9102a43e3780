package dev.bufferedsockets.server.lifecycle;

/** The TCP listener could not start: the port is taken, the address is not local, or binding hung. */
public class ListenerStartException extends RuntimeException {

	private final String bindAddress;

	private final int port;

	public ListenerStartException(String bindAddress, int port, Throwable cause) {
		super("Cannot listen for TCP on " + bindAddress + ":" + port + ": " + describe(cause), cause);
		this.bindAddress = bindAddress;
		this.port = port;
	}

	public String getBindAddress() {
		return this.bindAddress;
	}

	public int getPort() {
		return this.port;
	}

	private static String describe(Throwable cause) {
		String message = cause.getMessage();
		return (message != null) ? message : cause.getClass().getSimpleName();
	}

}
