package dev.watchkeeper.connectors.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.redis.RedisSettings;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Connection profiles in {@code profiles.json} under the user's config directory
 * ({@code $XDG_CONFIG_HOME/watchkeeper}, default {@code ~/.config/watchkeeper}), pretty-printed so it
 * can be edited by hand. Loading never throws: a malformed file or profile is reported with where it
 * went wrong, and the good profiles plus the built-in "local demo" are kept. Saving writes plain-text
 * secrets only for profiles with {@code storeSecrets}, and then makes the file owner-only (600);
 * otherwise a new file gets what the user's umask gives and an existing one keeps its permissions.
 * Like ssh, loading says so when the file holds secrets and other users can read it.
 */
public final class ProfileStore {

    public static final String FILE_NAME = "profiles.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What loading found. {@code problems} are ready to show; profiles always include "local demo". */
    public record Loaded(List<ConnectionProfile> profiles, List<String> problems) {
        public Loaded {
            profiles = List.copyOf(profiles);
            problems = List.copyOf(problems);
        }

        public ConnectionProfile byName(String name) {
            return profiles.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }
    }

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A store in {@code dir} (tests pass a temporary directory). */
    public ProfileStore(Path dir) {
        this.dir = dir;
    }

    /** The store in this user's config directory. */
    public static ProfileStore forUser() {
        return new ProfileStore(defaultDir(System::getenv, System.getProperty("user.home")));
    }

    static Path defaultDir(Function<String, String> env, String home) {
        String xdg = env.apply("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config");
        return base.resolve("watchkeeper");
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    public Loaded load() {
        List<String> problems = new ArrayList<>();
        List<ConnectionProfile> profiles = new ArrayList<>();
        String text = null;
        try {
            text = Files.readString(file(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            // first start: only the built-in profile
        } catch (IOException e) {
            problems.add("cannot read " + file() + ": " + e.getMessage() + "; using the built-in profile");
        }
        if (text != null) {
            readProfiles(text, profiles, problems);
            warnIfSecretsExposed(profiles, problems);
        }
        if (profiles.stream().noneMatch(p -> p.name().equals(ConnectionProfile.LOCAL_DEMO))) {
            profiles.addFirst(ConnectionProfile.localDemo());
        }
        return new Loaded(profiles, problems);
    }

    /** A hand-edited file may hold tokens yet be readable by the group or everyone: say so (ssh refuses such keys). */
    private void warnIfSecretsExposed(List<ConnectionProfile> profiles, List<String> problems) {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file());
        } catch (IOException e) {
            return;
        }
        boolean othersRead = perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        List<String> secrets = new ArrayList<>();
        for (ConnectionProfile p : profiles) {
            p.plainSecrets().forEach(s -> secrets.add("'" + p.name() + "' " + s));
        }
        if (othersRead && !secrets.isEmpty()) {
            problems.add(file() + " holds secrets (" + String.join(", ", secrets) + ") and is readable by other users ("
                    + PosixFilePermissions.toString(perms) + "): run chmod 600 " + file() + ", or use ${ENV_VAR} references");
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private void readProfiles(String text, List<ConnectionProfile> profiles, List<String> problems) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            problems.add(file() + " is not valid JSON" + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage() + "; using the built-in profile until it is fixed");
            return;
        }
        JsonNode list = root == null ? null : root.get("profiles");
        if (list == null || !list.isArray()) {
            problems.add(file() + " has no \"profiles\" array; using the built-in profile until it is fixed");
            return;
        }
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode node : list) {
            i++;
            String label = "profile #" + i + (node.path("name").isTextual() ? " ('" + node.path("name").asText() + "')" : "");
            try {
                ConnectionProfile p = profile(node);
                if (!names.add(p.name())) {
                    problems.add(file() + ": " + label + " repeats the name of an earlier profile; skipped");
                    continue;
                }
                profiles.add(p);
            } catch (RuntimeException e) {
                problems.add(file() + ": " + label + " skipped: " + e.getMessage());
            }
        }
    }

    private static ConnectionProfile profile(JsonNode n) {
        if (!n.isObject()) {
            throw new ProfileException("not an object");
        }
        return new ConnectionProfile(text(n, "name", true),
                endpoint(n, "coordinator", true),
                endpoint(n, "blockStreamer", false),
                endpoint(n, "runner", false),
                redis(n.get("redis")),
                seconds(n, "healthPollSeconds", ConnectionProfile.DEFAULT_HEALTH_POLL),
                bool(n, "readOnly"),
                bool(n, "storeSecrets"),
                ObservabilityJson.read(n.get("observability")),
                HistorySettings.read(n.get("history")));
    }

    private static Endpoint endpoint(JsonNode parent, String field, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new ProfileException("\"" + field + "\" is missing");
            }
            return null;
        }
        if (!n.isObject()) {
            throw new ProfileException("\"" + field + "\" must be an object with a \"target\"");
        }
        try {
            return new Endpoint(text(n, "target", true), bool(n, "tls"), text(n, "caFile", false), text(n, "clientCertFile", false),
                    text(n, "clientKeyFile", false), text(n, "bearerToken", false), seconds(n, "deadlineSeconds", Endpoint.DEFAULT_DEADLINE),
                    bool(n, "allowPlaintextToken"), text(n, "clientKeyPassphrase", false));
        } catch (IllegalArgumentException e) {
            throw new ProfileException(field + ": " + e.getMessage(), e);
        }
    }

    private static RedisSettings redis(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new ProfileException("\"redis\" is missing (an object with a \"uri\")");
        }
        try {
            String ca = text(n, "caFile", false);
            return new RedisSettings(text(n, "uri", true), seconds(n, "pollIntervalSeconds", RedisSettings.DEFAULT_POLL),
                    text(n, "snapshotterNamespace", false), bool(n, "cluster"), ca == null || ca.isBlank() ? null : Path.of(ca),
                    seconds(n, "commandTimeoutSeconds", RedisSettings.DEFAULT_COMMAND_TIMEOUT),
                    bool(n, "insecureSkipVerify"), bool(n, "allowPlaintextPassword"));
        } catch (IllegalArgumentException e) {
            throw new ProfileException("redis: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ProfileException("\"" + field + "\" is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ProfileException("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ProfileException("\"" + field + "\" must be true or false");
        }
        return v.asBoolean();
    }

    private static Duration seconds(JsonNode n, String field, Duration dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || v.asDouble() <= 0 || v.asDouble() > 86_400) {
            throw new ProfileException("\"" + field + "\" must be a number of seconds between 0 and 86400");
        }
        return Duration.ofMillis(Math.max(1, Math.round(v.asDouble() * 1000)));
    }

    /**
     * Writes {@code profiles} (the built-in "local demo" too, if given). Plain-text secrets of
     * profiles without storeSecrets are left out; the returned notes say which, for the user.
     */
    public List<String> save(List<ConnectionProfile> profiles) throws IOException {
        List<String> notes = new ArrayList<>();
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("profiles");
        boolean secretsWritten = false;
        for (ConnectionProfile p : profiles) {
            List<String> secrets = p.plainSecrets();
            ConnectionProfile written = p;
            if (!secrets.isEmpty() && !p.storeSecrets()) {
                written = p.withoutPlainSecrets();
                notes.add("profile '" + p.name() + "': " + String.join(", ", secrets) + " not written (storeSecrets is off);"
                        + " use ${ENV_VAR} references or turn storeSecrets on");
            }
            secretsWritten |= p.storeSecrets();
            list.add(node(written));
        }
        Files.createDirectories(dir);
        keepUnreadableOriginal(notes);
        writeAtomically(json.writeValueAsString(root) + "\n", secretsWritten);
        return notes;
    }

    /** A file we could not parse may hold the user's hand edits: keep a copy before replacing it. */
    private void keepUnreadableOriginal(List<String> notes) throws IOException {
        if (!Files.exists(file())) {
            return;
        }
        List<String> problems = new ArrayList<>();
        readProfiles(Files.readString(file(), StandardCharsets.UTF_8), new ArrayList<>(), problems);
        if (!problems.isEmpty()) {
            Path backup = dir.resolve(FILE_NAME + ".bak");
            Files.copy(file(), backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            notes.add("the previous " + FILE_NAME + " had problems; a copy is in " + backup);
        }
    }

    private void writeAtomically(String content, boolean ownerOnly) throws IOException {
        boolean posix = posix();
        Set<PosixFilePermission> existing = posix && Files.exists(file()) ? Files.getPosixFilePermissions(file()) : null;
        // not createTempFile: it makes 600 whatever the umask; a plain new file gets the umask's permissions
        Path tmp = dir.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        if (posix && ownerOnly) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
        }
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            if (posix && !ownerOnly && existing != null) {
                // the user's chmod of the file stays
                Files.setPosixFilePermissions(tmp, existing);
            }
            try {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ObjectNode node(ConnectionProfile p) {
        ObjectNode n = json.createObjectNode();
        n.put("name", p.name());
        n.put("readOnly", p.readOnly());
        n.put("storeSecrets", p.storeSecrets());
        n.put("healthPollSeconds", seconds(p.healthPollInterval()));
        n.set("coordinator", node(p.coordinator()));
        n.set("blockStreamer", node(p.blockStreamer()));
        n.set("runner", node(p.runner()));
        ObjectNode r = n.putObject("redis");
        r.put("uri", p.redis().uri());
        r.put("pollIntervalSeconds", seconds(p.redis().pollInterval()));
        r.put("snapshotterNamespace", p.redis().snapshotterNamespace());
        r.put("cluster", p.redis().cluster());
        r.put("caFile", p.redis().caFile() == null ? null : p.redis().caFile().toString());
        r.put("commandTimeoutSeconds", seconds(p.redis().commandTimeout()));
        // the insecure opt-ins are written only when on: a visible, deliberate line in the file
        if (p.redis().insecureSkipVerify()) {
            r.put("insecureSkipVerify", true);
        }
        if (p.redis().allowPlaintextPassword()) {
            r.put("allowPlaintextPassword", true);
        }
        ObservabilityJson.write(n, p.observability());
        HistorySettings.write(n, p.history());
        return n;
    }

    private JsonNode node(Endpoint e) {
        if (e == null) {
            return json.nullNode();
        }
        ObjectNode n = json.createObjectNode();
        n.put("target", e.target());
        n.put("tls", e.tls());
        n.put("caFile", e.caFile());
        n.put("clientCertFile", e.clientCertFile());
        n.put("clientKeyFile", e.clientKeyFile());
        n.put("bearerToken", e.bearerToken());
        if (e.clientKeyPassphrase() != null) {
            n.put("clientKeyPassphrase", e.clientKeyPassphrase());
        }
        if (e.allowPlaintextToken()) {
            n.put("allowPlaintextToken", true);
        }
        n.put("deadlineSeconds", seconds(e.deadline()));
        return n;
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros();
    }
}
