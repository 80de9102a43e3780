package dev.bufferedsockets.server;

/**
 * One open client connection as operators see it.
 *
 * @param id Spring Integration's connection id
 * @param remoteAddress the client's IP address
 * @param remotePort the client's port
 * @param connectedAt when the connection was accepted, ISO-8601
 * @param messagesIn frames received
 * @param messagesOut frames sent back
 * @param bytesIn bytes received, headers included
 * @param bytesOut bytes sent, headers included
 * @param clientCertificate the subject of the certificate a TLS client presented, null if none
 */
public record ConnectionInfo(String id, String remoteAddress, int remotePort, String connectedAt,
		long messagesIn, long messagesOut, long bytesIn, long bytesOut, String clientCertificate) {
}
