package dev.watchkeeper.demo;

import dev.watchkeeper.simulator.SimConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adds the command line's own launcher to a built app image (dist/pom.xml, Linux): the script
 * {@code bin/watchkeeper-cli}, which {@code watchkeeper} on PATH runs, and its ahead-of-time cache.
 *
 * <p>A {@code status} lasts about a second, so its JVM is tuned for that: the quick compiler only
 * (on two cores the optimising one spent more CPU compiling than it saved) and an ahead-of-time
 * cache of the classes a run loads and links. It is a script that starts the image's java, not a
 * second jpackage launcher: those ask {@code rpm -qf} and {@code dpkg -S} which package owns them
 * on every start, a tenth of a second or more. The console and the recorder run for hours, so this
 * launcher hands them to the main one, {@code bin/watchkeeper} (dev.watchkeeper.app.ConsoleHandOff).
 *
 * <p>The cache is trained by one {@code status} against this demo control plane with exactly the
 * script's class path and options (the JVM checks both when it maps the cache), then the script is
 * run once with the cache required ({@code -XX:AOTMode=on}): a cache it cannot use fails the build.
 *
 * <pre>CliLauncherBuilder dist/target/jpackage/watchkeeper</pre>
 */
public final class CliLauncherBuilder {

    static final String SCRIPT = "watchkeeper-cli";
    static final String CACHE = "watchkeeper-cli.aot";
    /**
     * The JVM takes a jar whose modification time differs from the one it was trained with for
     * another jar and ignores the cache (and the main launcher's archive). jpackage copies the image
     * into the .deb with new times, so every jar gets this one, and the package's postinst sets it
     * again from {@link #JAR_TIME_FILE}.
     */
    static final Instant JAR_TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final String JAR_TIME_FILE = "jar-mtime";

    /**
     * The JVM options; a cache the JVM cannot use only makes the start slower, and its messages are
     * off so that they never reach a script's output ({@code status --json}).
     */
    static final List<String> OPTIONS = List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-XX:TieredStopAtLevel=1", "-Xlog:aot=off", "-Xlog:cds=off");

    private CliLauncherBuilder() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path image = Path.of(args[0]).toAbsolutePath();
        Path appDir = image.resolve("lib/app");
        LauncherConfig config = LauncherConfig.read(appDir);
        List<String> jars = config.jars();
        String mainClass = config.mainClass();
        for (String jar : jars) {
            Files.setLastModifiedTime(appDir.resolve(jar), FileTime.from(JAR_TIME));
        }
        Files.writeString(appDir.resolve(JAR_TIME_FILE), JAR_TIME.getEpochSecond() + "\n");
        Path script = image.resolve("bin").resolve(SCRIPT);
        Files.writeString(script, script(jars, mainClass));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = appDir.resolve(CACHE);
        Files.deleteIfExists(cache);
        try (DemoStack demo = DemoStack.start(SimConfig.defaults().withIndexers(2000))) {
            List<String> status = List.of("status", "--redis", demo.redisUri(), "--coordinator", demo.coordinatorTarget(),
                    "--block-streamer", demo.blockStreamerTarget(), "--runner", demo.runnerTarget(), "--deadline", "5s");
            List<String> train = new ArrayList<>();
            train.add(image.resolve("lib/runtime/bin/java").toString());
            train.addAll(OPTIONS);
            train.add("-Dwatchkeeper.handoff.launcher=" + image.resolve("bin/watchkeeper"));
            train.add("-XX:AOTCacheOutput=" + cache);
            train.add("-cp");
            train.add(config.classPath(appDir));
            train.add(mainClass);
            train.addAll(status);
            run(train, null, java.util.Map.of());
            List<String> check = new ArrayList<>();
            check.add(script.toString());
            check.addAll(status);
            run(check, "-XX:AOTMode=on", java.util.Map.of());
        }
        System.out.println("CliLauncherBuilder: " + script + ", its cache " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MB)");
    }

    /** The launcher: paths from its own place (it is reached through /usr/bin/watchkeeper, a link). */
    static String script(List<String> jars, String mainClass) {
        StringBuilder cp = new StringBuilder();
        for (String jar : jars) {
            cp.append(cp.isEmpty() ? "" : ":").append("$app/").append(jar);
        }
        return """
                #!/bin/sh
                # Watchkeeper's command line, tuned for runs of a second (the quick compiler, the
                # ahead-of-time cache of its classes); the console and the recorder are handed to
                # bin/watchkeeper. Written with the image by dev.watchkeeper.demo.CliLauncherBuilder.
                bin=$(dirname "$(readlink -f "$0")")
                app="$bin/../lib/app"
                exec "$bin/../lib/runtime/bin/java" %s -XX:AOTCache="$app/%s" -Dwatchkeeper.handoff.launcher="$bin/watchkeeper" \\
                  -cp "%s" %s "$@"
                """.formatted(String.join(" ", OPTIONS), CACHE, cp, mainClass);
    }

    /** Runs {@code command} to its end (exit 0, within 180 s), its output discarded; with JAVA_TOOL_OPTIONS and more environment when given. */
    static void run(List<String> command, String toolOptions, java.util.Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (toolOptions != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not finish in 180 s: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", command));
        }
    }
}
