package dev.bufferedsockets;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.Arrays;

import dev.bufferedsockets.cli.CommandLineModes;
import dev.bufferedsockets.commandline.CommandLines;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point. {@code client} (and help) runs without Spring; anything else runs the server.
 */
@SpringBootApplication
public class BufferedSocketsApplication {

	public static void main(String[] args) {
		if (CommandLineModes.handles(args)) {
			System.exit(CommandLineModes.run(args, System.in,
					CommandLines.utf8(new FileOutputStream(FileDescriptor.out)),
					CommandLines.utf8(new FileOutputStream(FileDescriptor.err))));
		}
		String[] springArgs = (args.length > 0 && "server".equals(args[0])) ? Arrays.copyOfRange(args, 1, args.length)
				: args;
		SpringApplication.run(BufferedSocketsApplication.class, springArgs);
	}

}
