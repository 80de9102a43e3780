package dev.bufferedsockets.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so {@code --version} never drifts from the build. */
class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = CommandLineModes.class.getPackage().getImplementationVersion();
		return new String[] { "buffered-sockets " + ((version != null) ? version : "(development build)") };
	}

}
