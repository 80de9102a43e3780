package dev.bufferedsockets.server.admission;

import java.net.InetAddress;
import java.util.List;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Which client addresses may connect ({@code buffered.server.allowed-cidrs}). Matching is Spring
 * Security's {@link IpAddressMatcher}: IPv4 and IPv6, CIDR blocks or single addresses.
 */
final class AllowList {

	private final List<IpAddressMatcher> matchers;

	AllowList(List<String> cidrs) {
		this.matchers = cidrs.stream().map(AllowList::matcher).toList();
	}

	/** @return true if no list is configured or {@code address} is in it */
	boolean allows(InetAddress address) {
		if (this.matchers.isEmpty()) {
			return true;
		}
		String literal = address.getHostAddress();
		return this.matchers.stream().anyMatch(matcher -> matcher.matches(literal));
	}

	/** @throws IllegalArgumentException if {@code cidr} is not an address or block */
	static IpAddressMatcher matcher(String cidr) {
		String trimmed = cidr.trim();
		String address = trimmed.contains("/") ? trimmed.substring(0, trimmed.indexOf('/')) : trimmed;
		// Only literals: anything else would make the matcher resolve a host name through DNS.
		if (!isIpv4Literal(address) && !address.contains(":")) {
			throw new IllegalArgumentException("not an address or CIDR block: " + cidr);
		}
		return new IpAddressMatcher(trimmed);
	}

	private static boolean isIpv4Literal(String address) {
		String[] octets = address.split("\\.", -1);
		if (octets.length != 4) {
			return false;
		}
		for (String octet : octets) {
			if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
				return false;
			}
		}
		return true;
	}

}
