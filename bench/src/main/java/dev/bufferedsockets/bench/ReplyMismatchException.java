package dev.bufferedsockets.bench;

/** A reply was not the one its request must get: wrong length, wrong bytes or out of order. */
final class ReplyMismatchException extends Exception {

	ReplyMismatchException(String message) {
		super(message, null, false, false);
	}

}
