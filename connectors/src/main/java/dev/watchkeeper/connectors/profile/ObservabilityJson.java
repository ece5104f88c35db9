package dev.watchkeeper.connectors.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/** The {@code "observability"} object of a profile in profiles.json (absent when nothing is configured). */
final class ObservabilityJson {

    private ObservabilityJson() {
    }

    static ObservabilitySettings read(JsonNode n) {
        if (n == null || n.isNull()) {
            return ObservabilitySettings.NONE;
        }
        if (!n.isObject()) {
            throw new ProfileException("\"observability\" must be an object");
        }
        JsonNode interval = n.get("metricsIntervalSeconds");
        Duration d = null;
        if (interval != null && !interval.isNull()) {
            if (!interval.isNumber() || interval.asDouble() < 1 || interval.asDouble() > 86_400) {
                throw new ProfileException("\"metricsIntervalSeconds\" must be a number of seconds between 1 and 86400");
            }
            d = Duration.ofMillis(Math.round(interval.asDouble() * 1000));
        }
        try {
            return new ObservabilitySettings(text(n, "logsDatabaseUrl"), text(n, "logsDatabaseUser"), text(n, "logsDatabasePassword"),
                    text(n, "blockStreamerMetricsUrl"), text(n, "runnerMetricsUrl"), text(n, "prometheusUrl"), text(n, "poolerApiUrl"), d);
        } catch (ProfileException e) {
            throw new ProfileException("observability: " + e.getMessage(), e);
        }
    }

    /** A text field of a profile object, null when absent; another type is an error naming the field. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ProfileException("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    static void write(ObjectNode profile, ObservabilitySettings o) {
        if (o == null || o.equals(ObservabilitySettings.NONE)) {
            return;
        }
        ObjectNode n = profile.putObject("observability");
        putIf(n, "logsDatabaseUrl", o.logsDatabaseUrl());
        putIf(n, "logsDatabaseUser", o.logsDatabaseUser());
        putIf(n, "logsDatabasePassword", o.logsDatabasePassword());
        putIf(n, "blockStreamerMetricsUrl", o.blockStreamerMetricsUrl());
        putIf(n, "runnerMetricsUrl", o.runnerMetricsUrl());
        putIf(n, "prometheusUrl", o.prometheusUrl());
        putIf(n, "poolerApiUrl", o.poolerApiUrl());
        if (!o.metricsInterval().equals(ObservabilitySettings.DEFAULT_METRICS_INTERVAL)) {
            n.put("metricsIntervalSeconds", o.metricsInterval().toMillis() / 1000.0);
        }
    }

    private static void putIf(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
