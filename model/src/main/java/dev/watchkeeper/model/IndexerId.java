package dev.watchkeeper.model;

import java.util.Objects;

/**
 * An indexer's identity: NEAR account plus function name. Function names may contain spaces,
 * dots and further slashes, so the full name splits at the first '/' only.
 */
public record IndexerId(String accountId, String functionName) implements Comparable<IndexerId> {

    public static final String STATE_SUFFIX = ":state";
    public static final String BLOCK_STREAM_SUFFIX = ":block_stream";
    public static final String LAST_PUBLISHED_BLOCK_SUFFIX = ":last_published_block";

    public IndexerId {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(functionName, "functionName");
    }

    /** Parses "account/function"; throws IllegalArgumentException when there is no '/'. */
    public static IndexerId parse(String fullName) {
        int slash = fullName.indexOf('/');
        if (slash <= 0 || slash == fullName.length() - 1) {
            throw new IllegalArgumentException("not ACCOUNT/FUNCTION: " + fullName);
        }
        return new IndexerId(fullName.substring(0, slash), fullName.substring(slash + 1));
    }

    /** The indexer named by a Redis key ending in {@code suffix}, or null when the key is not one. */
    public static IndexerId fromKey(String key, String suffix) {
        if (key == null || !key.endsWith(suffix)) {
            return null;
        }
        try {
            return parse(key.substring(0, key.length() - suffix.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String fullName() {
        return accountId + "/" + functionName;
    }

    // each key in one concatenation, not the full name and then the key: the fleet reader builds
    // two for every running indexer every second
    public String stateKey() {
        return accountId + "/" + functionName + STATE_SUFFIX;
    }

    public String blockStreamKey() {
        return accountId + "/" + functionName + BLOCK_STREAM_SUFFIX;
    }

    public String lastPublishedBlockKey() {
        return accountId + "/" + functionName + LAST_PUBLISHED_BLOCK_SUFFIX;
    }

    @Override
    public int compareTo(IndexerId o) {
        int c = accountId.compareTo(o.accountId);
        return c != 0 ? c : functionName.compareTo(o.functionName);
    }

    // written out (the same values as a record's own): these key every fleet-sized map, and the
    // generated method-handle versions showed in the scrub profiles
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof IndexerId other && accountId.equals(other.accountId) && functionName.equals(other.functionName);
    }

    @Override
    public int hashCode() {
        return 31 * accountId.hashCode() + functionName.hashCode();
    }

    @Override
    public String toString() {
        return fullName();
    }
}
