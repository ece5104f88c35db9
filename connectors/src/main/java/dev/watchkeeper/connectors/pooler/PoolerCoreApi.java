package dev.watchkeeper.connectors.pooler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the pooler core API's submission reports (PowerLoom/pooler snapshotter/core_api.py:
 * {@code GET /internal/snapshotter/status} and {@code /internal/snapshotter/status/{project_id}},
 * shapes as in its README). Read-only; each call bounded by the deadline. Not for the FX thread.
 */
public final class PoolerCoreApi implements AutoCloseable {

    /** One project's counts. */
    public record ProjectStatus(String projectId, long successful, long incorrect, long missed) {
    }

    /** The overall report. */
    public record Status(long successful, long incorrect, long missed, List<ProjectStatus> projects) {
    }

    /** One missed or incorrect submission; CIDs null when not given. */
    public record Submission(long epochId, String submittedSnapshotCid, String finalizedSnapshotCid, String reason) {
    }

    /** A project's missed and incorrect submissions (both empty when the API has none: its 404). */
    public record ProjectReport(List<Submission> missed, List<Submission> incorrect) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration deadline;
    private final HttpClient http;

    public PoolerCoreApi(URI base, Duration deadline) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.deadline = deadline;
        this.http = HttpClient.newBuilder().connectTimeout(deadline).build();
    }

    public Status status() throws IOException, InterruptedException {
        JsonNode n = get("internal/snapshotter/status", false);
        List<ProjectStatus> projects = new ArrayList<>();
        for (JsonNode p : n.path("projects")) {
            projects.add(new ProjectStatus(p.path("projectId").asText(), p.path("successfulSubmissions").asLong(),
                    p.path("incorrectSubmissions").asLong(), p.path("missedSubmissions").asLong()));
        }
        return new Status(n.path("totalSuccessfulSubmissions").asLong(), n.path("totalIncorrectSubmissions").asLong(),
                n.path("totalMissedSubmissions").asLong(), projects);
    }

    public ProjectReport project(String projectId) throws IOException, InterruptedException {
        JsonNode n = get("internal/snapshotter/status/" + URLEncoder.encode(projectId, StandardCharsets.UTF_8).replace("+", "%20"), true);
        return n == null ? new ProjectReport(List.of(), List.of())
                : new ProjectReport(submissions(n.path("missedSubmissions")), submissions(n.path("incorrectSubmissions")));
    }

    private static List<Submission> submissions(JsonNode list) {
        List<Submission> out = new ArrayList<>();
        for (JsonNode s : list) {
            out.add(new Submission(s.path("epochId").asLong(), text(s, "submittedSnapshotCid"), text(s, "finalizedSnapshotCid"), text(s, "reason")));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private JsonNode get(String path, boolean notFoundIsEmpty) throws IOException, InterruptedException {
        URI uri = base.resolve(path);
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(deadline).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + uri + " within " + deadline.toMillis() + " ms", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot connect to " + uri, e);
        }
        if (r.statusCode() == 404 && notFoundIsEmpty) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + uri);
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException(uri + " did not answer JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
