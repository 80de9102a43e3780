package dev.bufferedsockets.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.FrameCodec;

/**
 * A socket for writing arbitrary bytes at the server (bad headers, broken UTF-8, half frames) and
 * checking how it answers: plain TCP to a port, or any socket already connected, such as TLS.
 * Reads time out rather than hang a test.
 */
public final class RawConnection implements AutoCloseable {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final Socket socket;

	private final InputStream in;

	/** Connects a plain socket to {@code port} on 127.0.0.1. */
	public RawConnection(int port) throws IOException {
		this(connect(port));
	}

	/**
	 * Takes over a socket already connected (a TLS socket with its handshake done, for one); closing
	 * this closes it.
	 */
	public RawConnection(Socket connected) throws IOException {
		this.socket = connected;
		this.socket.setTcpNoDelay(true);
		this.socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
		this.in = this.socket.getInputStream();
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	public Socket socket() {
		return this.socket;
	}

	public RawConnection write(byte[] bytes) throws IOException {
		this.socket.getOutputStream().write(bytes);
		this.socket.getOutputStream().flush();
		return this;
	}

	public RawConnection writeHeader(long announcedLength) throws IOException {
		return write(new byte[] { (byte) (announcedLength >>> 24), (byte) (announcedLength >>> 16),
				(byte) (announcedLength >>> 8), (byte) announcedLength });
	}

	public RawConnection writeFrame(String text) throws IOException {
		return write(FrameEncoder.DEFAULT.encode(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** @return the next reply's text (the codec checks it is a whole, valid frame) */
	public String readFrame() throws IOException {
		byte[] payload = new FrameCodec(65536, FrameCodec.MAX_PAYLOAD_BYTES).readFrame(this.in);
		if (payload == null) {
			throw new IOException("the server closed the connection instead of replying");
		}
		return new String(payload, StandardCharsets.UTF_8);
	}

	/**
	 * @return true if the server closed the connection (end of stream or reset) within the read
	 * timeout, without sending any more bytes
	 * @throws AssertionError if bytes arrive instead
	 */
	public boolean closedByServer() throws IOException {
		try {
			int next = this.in.read();
			if (next >= 0) {
				throw new AssertionError("expected the server to close the connection, but it sent byte " + next);
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true; // a reset is a close too
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
