package dev.bufferedsockets.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.bufferedsockets.support.ScriptedServer;
import dev.bufferedsockets.testing.Texts;

/**
 * Servers as students write them, each with one classic mistake, for {@code conform} to catch.
 * Apart from that mistake each one is a correct server.
 */
final class BrokenServers {

	private BrokenServers() {
	}

	/** Drops the first 10 bytes, not the first 10 characters. */
	static ScriptedServer.Script bytesInsteadOfCodePoints() {
		return (connection, number) -> {
			Socket socket = connection.socket();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			while (true) {
				byte[] payload = new byte[in.readInt()];
				in.readFully(payload);
				byte[] reply = Arrays.copyOfRange(payload, Math.min(10, payload.length), payload.length);
				out.writeInt(reply.length);
				out.write(reply);
				out.flush();
			}
		};
	}

	/** Packs and unpacks its headers with {@code !H}, as older course versions did; right otherwise. */
	static ScriptedServer.Script twoByteHeader() {
		return (connection, number) -> {
			Socket socket = connection.socket();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			while (true) {
				byte[] payload = new byte[in.readUnsignedShort()];
				in.readFully(payload);
				byte[] reply = Texts.dropCodePoints(new String(payload, StandardCharsets.UTF_8), 10)
					.getBytes(StandardCharsets.UTF_8);
				out.writeShort(reply.length);
				out.write(reply);
				out.flush();
			}
		};
	}

	/**
	 * Takes whatever each {@code recv(4096)} returns as part of the message: frames that arrive
	 * together, or a header that arrives with the frame before it, are mixed into one payload.
	 */
	static ScriptedServer.Script readsPastTheFrame() {
		return (connection, number) -> {
			Socket socket = connection.socket();
			InputStream in = socket.getInputStream();
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			byte[] buffer = new byte[4096];
			while (true) {
				ByteArrayOutputStream data = new ByteArrayOutputStream();
				while (data.size() < 4) {
					int n = in.read(buffer);
					if (n < 0) {
						return;
					}
					data.write(buffer, 0, n);
				}
				byte[] received = data.toByteArray();
				int length = ByteBuffer.wrap(received).getInt();
				ByteArrayOutputStream payload = new ByteArrayOutputStream();
				payload.write(received, 4, received.length - 4);
				while (payload.size() < length) {
					int n = in.read(buffer);
					if (n < 0) {
						return;
					}
					payload.write(buffer, 0, n);
				}
				byte[] reply = Texts.dropCodePoints(payload.toString(StandardCharsets.UTF_8), 10)
					.getBytes(StandardCharsets.UTF_8);
				out.writeInt(reply.length);
				out.write(reply);
				out.flush();
			}
		};
	}

	/** Accepts, reads, and never answers. */
	static ScriptedServer.Script silent() {
		return (connection, number) -> {
			Socket socket = connection.socket();
			InputStream in = socket.getInputStream();
			while (in.read(new byte[4096]) >= 0) {
				// read and say nothing
			}
		};
	}

}
