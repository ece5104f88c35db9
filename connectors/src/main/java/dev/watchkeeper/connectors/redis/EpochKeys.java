package dev.watchkeeper.connectors.redis;

/** The pooler's Redis key names (control-plane spec §5). */
final class EpochKeys {

    static final String PREFIX = "epochID:";
    static final String RELEASED_SUFFIX = ":epochReleased";
    static final String STATE_INFIX = ":stateID:";
    static final String STATUS_SUFFIX = ":processingStatus";

    /** A parsed epoch key: {@code stateId} is null for the epochReleased key. */
    record Parsed(long epoch, String stateId) {
    }

    private EpochKeys() {
    }

    static String released(long epoch) {
        return PREFIX + epoch + RELEASED_SUFFIX;
    }

    static String status(long epoch, String stateId) {
        return PREFIX + epoch + STATE_INFIX + stateId + STATUS_SUFFIX;
    }

    static String active(String namespace) {
        return "snapshotterActiveStatus:" + namespace;
    }

    static String lastDetected(String namespace) {
        return "lastEpochDetectedTimestamp:" + namespace;
    }

    /** The epoch (and state) a key belongs to, or null for any other key. */
    static Parsed parse(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return null;
        }
        String rest = key.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        long epoch;
        try {
            epoch = Long.parseLong(rest.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
        if (epoch < 0) {
            return null;
        }
        String tail = rest.substring(colon);
        if (tail.equals(RELEASED_SUFFIX)) {
            return new Parsed(epoch, null);
        }
        if (tail.startsWith(STATE_INFIX) && tail.endsWith(STATUS_SUFFIX)
                && tail.length() > STATE_INFIX.length() + STATUS_SUFFIX.length()) {
            return new Parsed(epoch, tail.substring(STATE_INFIX.length(), tail.length() - STATUS_SUFFIX.length()));
        }
        return null;
    }
}
