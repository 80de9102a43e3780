package dev.bufferedsockets.server;

/**
 * What all server connections have carried since the application started.
 *
 * @param messagesIn frames received
 * @param messagesOut frames sent back
 * @param bytesIn bytes received, headers included
 * @param bytesOut bytes sent, headers included
 */
public record TrafficTotals(long messagesIn, long messagesOut, long bytesIn, long bytesOut) {
}
