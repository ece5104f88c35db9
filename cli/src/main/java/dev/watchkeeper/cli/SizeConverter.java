package dev.watchkeeper.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a size in bytes: "1048576", "500MB", "2GB", "1.5G", "800k" (powers of 1024); must be positive. */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (use e.g. 500MB or 2GB)");
        }
        int power = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2)) + 1;
        long bytes = Math.round(Double.parseDouble(m.group(1)) * Math.pow(1024, power));
        if (bytes <= 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive size");
        }
        return bytes;
    }
}
