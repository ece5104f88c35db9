package dev.watchkeeper.connectors.metrics;

import java.util.Arrays;

/**
 * One sample of a Prometheus text exposition: {@code name{labels} value [timestamp]}.
 *
 * @param labels      names and values alternating ({@code name0, value0, name1, value1, ...}), in the order written
 * @param timestampMs the sample's own timestamp, or {@link #NO_TIMESTAMP}
 */
public record Sample(String name, String[] labels, double value, long timestampMs) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    static final String[] NO_LABELS = new String[0];

    /** The value of label {@code key}, or null. */
    public String label(String key) {
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i].equals(key)) {
                return labels[i + 1];
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && s.name.equals(name) && Arrays.equals(s.labels, labels)
                && Double.compare(s.value, value) == 0 && s.timestampMs == timestampMs;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(labels) + " " + value + (timestampMs == NO_TIMESTAMP ? "" : " @" + timestampMs);
    }
}
