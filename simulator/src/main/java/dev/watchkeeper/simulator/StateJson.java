package dev.watchkeeper.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.watchkeeper.model.LifecycleState;

/**
 * The coordinator's state JSON, byte for byte in upstream's shape and field order:
 * {@code {"account_id":..,"function_name":..,"block_stream_synced_at":..,"enabled":..,"lifecycle_state":..}}.
 */
final class StateJson {

    private StateJson() {
    }

    static String write(String accountId, String functionName, Long blockStreamSyncedAt, boolean enabled, LifecycleState state) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"account_id\":\"");
        JsonStringEncoder.getInstance().quoteAsString(accountId, sb);
        sb.append("\",\"function_name\":\"");
        JsonStringEncoder.getInstance().quoteAsString(functionName, sb);
        sb.append("\",\"block_stream_synced_at\":").append(blockStreamSyncedAt == null ? "null" : blockStreamSyncedAt.toString());
        sb.append(",\"enabled\":").append(enabled);
        sb.append(",\"lifecycle_state\":\"").append(state.wire()).append("\"}");
        return sb.toString();
    }
}
