package dev.bufferedsockets.commandline;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so {@code --version} never drifts from the build. */
public class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = VersionProvider.class.getPackage().getImplementationVersion();
		return new String[] { "buffered-sockets " + ((version != null) ? version : "(development build)") };
	}

}
