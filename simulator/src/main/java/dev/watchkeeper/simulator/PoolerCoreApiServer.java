package dev.watchkeeper.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The pooler core API's submission reports for the simulated snapshotter: {@code GET /health},
 * {@code /internal/snapshotter/status} and {@code /internal/snapshotter/status/{project_id}}
 * with the JSON shapes of PowerLoom/pooler snapshotter/core_api.py (README "Internal APIs"),
 * 404 when a project has nothing to report. Counts cover the epochs the snapshotter still keeps
 * (the real API counts from its own Redis counters). A project that failed before submitting
 * (build, payload commit, relayer) is a missed submission; one that failed at finalization is an
 * incorrect one. Loopback only.
 */
public final class PoolerCoreApiServer implements AutoCloseable {

    private final PoolerSnapshotter pooler;
    private final HttpServer server;

    PoolerCoreApiServer(PoolerSnapshotter pooler, int port) {
        this.pooler = pooler;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the pooler core API on port " + port, e);
        }
        server.createContext("/health", ex -> send(ex, 200, "{\"status\": \"OK\"}"));
        server.createContext("/internal/snapshotter/status", this::status);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void status(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String prefix = "/internal/snapshotter/status";
        if (path.equals(prefix) || path.equals(prefix + "/")) {
            send(ex, 200, overall());
            return;
        }
        String project = URLDecoder.decode(path.substring(prefix.length() + 1), StandardCharsets.UTF_8);
        String report = project(project);
        if (report == null) {
            send(ex, 404, "{\"status\": \"error\", \"message\": \"No snapshotter status found for project_id: " + escape(project) + "\"}");
        } else {
            send(ex, 200, report);
        }
    }

    /** Epochs fully processed and still kept: the current one is still going. */
    private long[] epochs() {
        long current = pooler.currentEpoch();
        return new long[]{current - PoolerSnapshotter.RETAINED_EPOCHS + 1, current - 1};
    }

    private String overall() {
        List<String> projects = pooler.projects();
        long[] ok = new long[projects.size()];
        long[] missed = new long[projects.size()];
        long[] incorrect = new long[projects.size()];
        long[] range = epochs();
        for (long e = range[0]; e <= range[1]; e++) {
            int[] failed = pooler.failedStates(e);
            for (int i = 0; i < failed.length; i++) {
                if (failed[i] < 0) {
                    ok[i]++;
                } else if (failed[i] == PoolerSnapshotter.STATES.length - 1) {
                    incorrect[i]++;
                } else {
                    missed[i]++;
                }
            }
        }
        StringBuilder list = new StringBuilder();
        long tOk = 0;
        long tMissed = 0;
        long tIncorrect = 0;
        for (int i = 0; i < projects.size(); i++) {
            tOk += ok[i];
            tMissed += missed[i];
            tIncorrect += incorrect[i];
            list.append(i == 0 ? "" : ", ").append("{\"projectId\": \"").append(escape(projects.get(i)))
                    .append("\", \"successfulSubmissions\": ").append(ok[i]).append(", \"incorrectSubmissions\": ").append(incorrect[i])
                    .append(", \"missedSubmissions\": ").append(missed[i]).append('}');
        }
        return "{\"totalSuccessfulSubmissions\": " + tOk + ", \"totalIncorrectSubmissions\": " + tIncorrect
                + ", \"totalMissedSubmissions\": " + tMissed + ", \"projects\": [" + list + "]}";
    }

    private String project(String project) {
        int i = pooler.projects().indexOf(project);
        if (i < 0) {
            return null;
        }
        StringBuilder missed = new StringBuilder();
        StringBuilder incorrect = new StringBuilder();
        long[] range = epochs();
        for (long e = range[0]; e <= range[1]; e++) {
            int state = pooler.failedStates(e)[i];
            if (state < 0) {
                continue;
            }
            String reason = escape(PoolerSnapshotter.error(state, project, e));
            String cid = PoolerSnapshotter.cid(project, e);
            if (state == PoolerSnapshotter.STATES.length - 1) {
                incorrect.append(incorrect.isEmpty() ? "" : ", ").append("{\"epochId\": ").append(e)
                        .append(", \"submittedSnapshotCid\": \"").append(PoolerSnapshotter.cid(project + "#submitted", e))
                        .append("\", \"finalizedSnapshotCid\": \"").append(cid).append("\", \"reason\": \"").append(reason).append("\"}");
            } else {
                missed.append(missed.isEmpty() ? "" : ", ").append("{\"epochId\": ").append(e)
                        .append(", \"finalizedSnapshotCid\": \"").append(cid).append("\", \"reason\": \"").append(reason).append("\"}");
            }
        }
        if (missed.isEmpty() && incorrect.isEmpty()) {
            return null;
        }
        return "{\"missedSubmissions\": [" + missed + "], \"incorrectSubmissions\": [" + incorrect + "]}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void send(HttpExchange ex, int code, String json) throws IOException {
        try (ex) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(code, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
