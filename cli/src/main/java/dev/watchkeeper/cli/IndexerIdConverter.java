package dev.watchkeeper.cli;

import dev.watchkeeper.model.IndexerId;
import picocli.CommandLine;

/** ACCOUNT/FUNCTION, split at the first '/' (function names may contain more slashes). */
final class IndexerIdConverter implements CommandLine.ITypeConverter<IndexerId> {

    @Override
    public IndexerId convert(String value) {
        try {
            return IndexerId.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not ACCOUNT/FUNCTION");
        }
    }
}
