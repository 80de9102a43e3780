package dev.bufferedsockets.cli;

import dev.bufferedsockets.protocol.HeaderFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --header-bytes}: 4 (the assignment's {@code !I}) or 2 ({@code !H}, older course versions). */
class HeaderBytesConverter implements ITypeConverter<HeaderFormat> {

	/** The option's help text, the same in every command. */
	static final String DESCRIPTION = "bytes in each frame's length header: 4, or 2 for the !H header of older "
			+ "course versions, at most 65535 bytes a frame (default: ${DEFAULT-VALUE})";

	@Override
	public HeaderFormat convert(String value) {
		try {
			return HeaderFormat.ofBytes(Integer.parseInt(value.trim()));
		}
		catch (IllegalArgumentException ex) {
			throw new TypeConversionException("'" + value + "' is not a header size: 4 or 2");
		}
	}

}
