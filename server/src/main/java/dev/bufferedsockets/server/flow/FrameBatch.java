package dev.bufferedsockets.server.flow;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The payloads of consecutive frames of one connection, in the order they travel: the unit the
 * server hands to its integration flow, one message per batch rather than one per frame, so that
 * the cost of a message is shared by every frame that arrived together.
 *
 * <p>Immutable as far as the batch goes; the payload arrays themselves are not copied.
 */
public final class FrameBatch {

	private final byte[][] payloads;

	private FrameBatch(byte[][] payloads) {
		this.payloads = payloads;
	}

	/** @return a batch of one frame */
	public static FrameBatch of(byte[] payload) {
		return new FrameBatch(new byte[][] { payload });
	}

	/** @return a batch of these payloads, in this order */
	public static FrameBatch of(List<byte[]> payloads) {
		return new FrameBatch(payloads.toArray(new byte[0][]));
	}

	public int size() {
		return this.payloads.length;
	}

	/** @return the payload of the frame at {@code index} (not a copy) */
	public byte[] payload(int index) {
		return this.payloads[index];
	}

	/** @return the bytes these frames take on the wire, their headers of {@code headerBytes} each included */
	public long wireBytes(int headerBytes) {
		long bytes = (long) headerBytes * this.payloads.length;
		for (byte[] payload : this.payloads) {
			bytes += payload.length;
		}
		return bytes;
	}

	/** @return a batch of {@code operation} applied to each payload, in the same order */
	public FrameBatch map(UnaryOperator<byte[]> operation) {
		byte[][] mapped = new byte[this.payloads.length][];
		for (int i = 0; i < mapped.length; i++) {
			mapped[i] = operation.apply(this.payloads[i]);
		}
		return new FrameBatch(mapped);
	}

	/** @return the payloads, in order, as an unmodifiable list */
	public List<byte[]> payloads() {
		return List.of(this.payloads);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof FrameBatch batch && Arrays.deepEquals(this.payloads, batch.payloads);
	}

	@Override
	public int hashCode() {
		return Arrays.deepHashCode(this.payloads);
	}

	@Override
	public String toString() {
		return "FrameBatch[" + this.payloads.length + " frames, " + wireBytes(0) + " payload bytes]";
	}

}
