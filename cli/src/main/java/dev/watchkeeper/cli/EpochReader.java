package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.StateUpdate;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pooler snapshotter's epoch processing status from Redis (control-plane spec §5),
 * read-only: one SCAN over {@code epochID:*}, then GET/HGETALL for the newest epochs only.
 * Interim: replaced by the connectors' epoch reader once it lands.
 */
final class EpochReader implements AutoCloseable {

    private static final Pattern RELEASED = Pattern.compile("epochID:(\\d{1,18}):epochReleased");
    private static final Pattern STATUS = Pattern.compile("epochID:(\\d{1,18}):stateID:(.+):processingStatus");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    EpochReader(Endpoints endpoints, Duration timeout) {
        RedisURI uri = endpoints.redis().redisUri();
        uri.setTimeout(timeout);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().autoReconnect(false)
                .timeoutOptions(TimeoutOptions.enabled(timeout)).build());
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw CliFailure.connection("cannot read Redis " + endpoints.redisForDisplay() + ": " + rootMessage(e));
        }
    }

    /** The newest {@code last} epochs, newest first. */
    List<Epoch> read(int last) {
        RedisCommands<String, String> sync = connection.sync();
        TreeMap<Long, Map<String, String>> statusKeys = new TreeMap<>();
        ScanIterator<String> it = ScanIterator.scan(sync, ScanArgs.Builder.matches("epochID:*").limit(1000));
        while (it.hasNext()) {
            String key = it.next();
            Matcher r = RELEASED.matcher(key);
            Matcher s = STATUS.matcher(key);
            if (r.matches()) {
                statusKeys.computeIfAbsent(Long.parseLong(r.group(1)), e -> new HashMap<>());
            } else if (s.matches()) {
                statusKeys.computeIfAbsent(Long.parseLong(s.group(1)), e -> new HashMap<>()).put(s.group(2), key);
            }
        }
        List<Epoch> out = new ArrayList<>();
        for (Long epoch : statusKeys.descendingKeySet()) {
            if (out.size() >= last) {
                break;
            }
            Map<String, List<StateUpdate>> states = new HashMap<>();
            statusKeys.get(epoch).forEach((stateId, key) -> {
                List<StateUpdate> updates = new ArrayList<>();
                sync.hgetall(key).forEach((project, raw) -> updates.add(parse(project, stateId, raw)));
                states.put(stateId, updates);
            });
            out.add(new Epoch(epoch, releasedAt(sync.get("epochID:" + epoch + ":epochReleased")), states));
        }
        return out;
    }

    private static Long releasedAt(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            long v = (long) Double.parseDouble(raw.trim());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Lenient: an unreadable value becomes status UNKNOWN with a problem, never an exception. */
    static StateUpdate parse(String project, String stateId, String raw) {
        JsonNode n;
        try {
            n = raw.length() > 64 * 1024 ? null : MAPPER.readTree(raw);
        } catch (Exception e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            return new StateUpdate(project, stateId, StateUpdate.Status.UNKNOWN, null, null, null, raw, "unreadable state update");
        }
        String status = n.path("status").asText("");
        StateUpdate.Status st = switch (status) {
            case "success" -> StateUpdate.Status.SUCCESS;
            case "failed" -> StateUpdate.Status.FAILED;
            default -> StateUpdate.Status.UNKNOWN;
        };
        JsonNode err = n.get("error");
        String error = err == null || err.isNull() || (err.isTextual() && err.asText().isEmpty()) ? null
                : err.isTextual() ? err.asText() : err.toString();
        JsonNode ts = n.get("timestamp");
        Long timestamp = ts != null && ts.canConvertToLong() && ts.asLong() > 0 ? ts.asLong() : null;
        JsonNode cid = n.path("extra").get("snapshot_cid");
        return new StateUpdate(project, stateId, st, error, timestamp, cid == null || cid.isNull() ? null : cid.asText(), raw,
                st == StateUpdate.Status.UNKNOWN ? "unknown status \"" + status + "\"" : null);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
