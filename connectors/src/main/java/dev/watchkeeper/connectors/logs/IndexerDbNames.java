package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.model.IndexerId;

/**
 * Where the runner keeps an indexer's tables. Follows {@code ProvisioningConfig} in
 * near/queryapi {@code runner/src/indexer-config/indexer-config.ts}: every character outside
 * {@code [a-zA-Z0-9]} becomes {@code _}, then {@code _} is prefixed when the result starts with a
 * digit. The schema is the sanitised {@code account/function}; the database and the role are the
 * sanitised account.
 */
public final class IndexerDbNames {

    private IndexerDbNames() {
    }

    /** {@code sanitizeNameForDatabase} of upstream, character for character (UTF-16 units, as JavaScript's regex sees them). */
    public static String sanitize(String name) {
        StringBuilder b = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            b.append(keep ? c : '_');
        }
        if (!b.isEmpty() && b.charAt(0) >= '0' && b.charAt(0) <= '9') {
            b.insert(0, '_');
        }
        return b.toString();
    }

    public static String schema(IndexerId id) {
        return sanitize(id.accountId() + "/" + id.functionName());
    }

    public static String database(IndexerId id) {
        return sanitize(id.accountId());
    }

    public static String role(IndexerId id) {
        return sanitize(id.accountId());
    }
}
