package dev.watchkeeper.demo.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server process on a loopback port, for the built-in demo and for tests. Uses
 * {@code redis-server} from PATH when there is one, otherwise the real binary shipped inside the
 * embedded-redis artifact. Persistence is off; the process dies with this JVM. Each process works
 * in a directory of its own: a Redis starting in a directory that holds a dump.rdb (a replica's
 * full sync writes one even with persistence off) loads it, and tests then found another test's
 * keys in a server that should have started empty.
 */
public final class LocalRedisServer implements AutoCloseable {

    private final Path binary;
    private final int port;
    private final List<String> extraArgs;
    private Process process;
    private Path dir;

    private LocalRedisServer(Path binary, int port, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server on a free port with keyspace notifications on (as a demo deployment would). */
    public static LocalRedisServer start() {
        return start(freePort(), List.of("--notify-keyspace-events", "K$gxet"));
    }

    /** Starts a server on {@code port} with extra redis-server arguments (e.g. ACL or config). */
    public static LocalRedisServer start(int port, List<String> extraArgs) {
        LocalRedisServer server = new LocalRedisServer(findBinary(), port, extraArgs);
        server.startProcess();
        return server;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path binary() {
        return binary;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the process (as a crash or restart of Redis would look to clients). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        deleteDir();
    }

    private void deleteDir() {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
        dir = null;
    }

    /** Starts the process again on the same port, empty (persistence is off). */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startProcess() {
        try {
            dir = Files.createTempDirectory("wk-redis-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for redis-server", e);
        }
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--dir", dir.toString(),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "no",
                "--daemonize", "no",
                "--loglevel", "warning"));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        Process p = process;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "redis-server-reaper"));
        awaitListening(Duration.ofSeconds(10));
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " (port " + port + ")");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting redis-server", e);
                }
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within " + timeout);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findBinary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return extractEmbedded();
    }

    private static synchronized Path extractEmbedded() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm");
        String resource;
        if (os.contains("linux")) {
            resource = arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("mac")) {
            resource = arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        } else {
            resource = "redis-server-5.0.14.1-windows-amd64.exe";
        }
        try (InputStream in = LocalRedisServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on PATH and no embedded binary " + resource);
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "watchkeeper-redis");
            Files.createDirectories(dir);
            Path target = dir.resolve(resource);
            if (!Files.isExecutable(target)) {
                Path tmp = Files.createTempFile(dir, resource, ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                if (!os.contains("win")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract embedded redis-server", e);
        }
    }
}
