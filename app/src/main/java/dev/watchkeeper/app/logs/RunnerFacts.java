package dev.watchkeeper.app.logs;

import dev.watchkeeper.connectors.logs.IndexerMetadata;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How the detail header words the runner's sys_metadata. */
final class RunnerFacts {

    private static final DateTimeFormatter HMS = dev.watchkeeper.app.ui.Times.CLOCK;

    private RunnerFacts() {
    }

    static String text(IndexerMetadata m, Instant readAt) {
        if (m == null) {
            return "";
        }
        return "Runner (sys_metadata): status " + (m.status() == null ? "not written yet" : m.status())
                + " · last processed block " + (m.lastProcessedBlockHeight() == null ? "not written yet" : String.format(java.util.Locale.ROOT, "%,d", m.lastProcessedBlockHeight()))
                + (readAt == null ? "" : " · read " + HMS.format(readAt));
    }
}
