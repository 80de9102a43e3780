package dev.bufferedsockets.support;

import java.nio.file.Path;

/**
 * Files of the repository outside this module (the README, the Kubernetes manifests, the Python
 * kit) that tests check the server against. Surefire names the repository's root in
 * {@code repository.root}; tests run from the module's own folder.
 */
public final class RepositoryFiles {

	private RepositoryFiles() {
	}

	/** @return {@code first/more...} under the repository's root */
	public static Path path(String first, String... more) {
		return Path.of(System.getProperty("repository.root", ".."), first).resolve(Path.of("", more));
	}

}
