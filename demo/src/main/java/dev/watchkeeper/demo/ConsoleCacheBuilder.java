package dev.watchkeeper.demo;

import dev.watchkeeper.simulator.SimConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the console's ahead-of-time cache into a built app image (dist/pom.xml, Linux), the one its
 * main launcher maps ({@code -XX:AOTCache=$APPDIR/watchkeeper.aot} in {@code watchkeeper.cfg}).
 *
 * <p>A console's first minutes are its slowest: JavaFX, the Redis and gRPC clients and the console's
 * own classes are loaded, linked and interpreted while the fleet is read and shown. The cache holds
 * them loaded and linked, with the profiles of how their methods ran, so the start maps them and its
 * compilers start from those profiles. It is trained by one run of the console itself
 * (dev.watchkeeper.app.ConsoleTraining, headless) against this demo control plane with
 * {@value #TRAINING_INDEXERS} indexers, with exactly the launcher's class path and options (the JVM
 * checks both when it maps the cache); then the launcher is run once with the cache required
 * ({@code -XX:AOTMode=on}): a cache it cannot use fails the build. Run after
 * {@link CliLauncherBuilder}, which sets the jars' modification time the cache is made with.
 *
 * <pre>ConsoleCacheBuilder dist/target/jpackage/watchkeeper</pre>
 */
public final class ConsoleCacheBuilder {

    static final String CACHE = "watchkeeper.aot";
    static final String TRAINING_MAIN = "dev.watchkeeper.app.ConsoleTraining";
    /** Enough for the load's code to be run hot and profiled, few enough for a build. */
    static final int TRAINING_INDEXERS = 10_000;

    private ConsoleCacheBuilder() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path image = Path.of(args[0]).toAbsolutePath();
        Path appDir = image.resolve("lib/app");
        LauncherConfig config = LauncherConfig.read(appDir);
        Path cache = appDir.resolve(CACHE);
        if (config.javaOptions().stream().noneMatch(o -> o.equals("-XX:AOTCache=" + cache))) {
            throw new IllegalStateException(appDir.resolve(LauncherConfig.FILE) + " does not map " + cache + ": " + config.javaOptions());
        }
        Files.deleteIfExists(cache);
        // the run's preferences, audit log and history go here, not into the builder's home
        Path home = Files.createTempDirectory("wk-console-training");
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_DATA_HOME", home.resolve("data").toString());
        try (DemoStack demo = DemoStack.start(SimConfig.defaults().withIndexers(TRAINING_INDEXERS))) {
            List<String> train = new ArrayList<>();
            train.add(image.resolve("lib/runtime/bin/java").toString());
            // the launcher's own options but the cache it maps, which this run writes
            config.javaOptions().stream().filter(o -> !o.startsWith("-XX:AOTCache=")).forEach(train::add);
            train.add("-XX:AOTCacheOutput=" + cache);
            train.add("-Duser.home=" + home);
            train.addAll(LauncherConfig.HEADLESS);
            train.add("-cp");
            train.add(config.classPath(appDir));
            train.add(TRAINING_MAIN);
            train.add(Integer.toString(TRAINING_INDEXERS));
            train.addAll(List.of("--redis", demo.redisUri(), "--coordinator", demo.coordinatorTarget(),
                    "--block-streamer", demo.blockStreamerTarget(), "--runner", demo.runnerTarget(),
                    "--namespace", demo.snapshotterNamespace()));
            CliLauncherBuilder.run(train, null, env);
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // the launcher, with the cache required: it exits 1 when the cache does not map
        CliLauncherBuilder.run(List.of(image.resolve("bin/watchkeeper").toString(), "--version"), "-XX:AOTMode=on", Map.of());
        System.out.println("ConsoleCacheBuilder: " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MB)");
    }
}
