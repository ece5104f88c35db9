package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.bench.check.Results;
import dev.watchkeeper.bench.check.Target;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code watchkeeper status} on 10,000 indexers, run as an operator runs it: the launcher that
 * {@code watchkeeper} on PATH is, the app image's {@code bin/watchkeeper-cli} (the quick compiler and
 * its ahead-of-time cache, dev.watchkeeper.demo.CliLauncherBuilder), a real Redis on loopback holding the states, wall
 * time from exec to exit. The first run is left out (the page cache), the median of the others is
 * the figure. Target: under 1 s.
 *
 * <pre>CliStatusBench --image dist/target/jpackage/watchkeeper --results docs/performance-results.json</pre>
 */
public final class CliStatusBench {

    static final double TARGET_MS = 1000;
    /** What /usr/bin/watchkeeper links to (jpackage/linux/postinst). */
    static final String LAUNCHER = "bin/watchkeeper-cli";

    public static void main(String[] args) throws Exception {
        Path image = null;
        Path results = null;
        int indexers = 10_000;
        int runs = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--image" -> image = Path.of(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "--indexers" -> indexers = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (image == null || !Files.isExecutable(image.resolve(LAUNCHER))) {
            System.err.println("cli-status: no app image at " + image + " (build it: mvn -o -Ppackage -DskipTests -pl dist -am package)");
            System.exit(2);
        }
        Results r = new Results("cli-status", "`watchkeeper status` from the app image (`bin/watchkeeper-cli`, what `watchkeeper` on PATH runs: the quick compiler and its ahead-of-time cache) against a simulated coordinator, on "
                + String.format("%,d", indexers) + " indexers in a Redis on loopback, wall time from exec to exit; median of "
                + (runs - 1) + " runs after one left out");
        Path home = Files.createTempDirectory("wk-cli-bench");
        // a coordinator that answers, as an operator's does (a refused one is a different run: the
        // status then waits out the capability probe's deadline and says the coordinator's kind is unknown)
        try (DemoStack demo = DemoStack.start(SimConfig.defaults().withIndexers(0).withProjectsPerEpoch(0)
                .withEpochInterval(java.time.Duration.ofDays(1)))) {
            ChangeWriter.loadAndWait(demo.redisUri(), System.nanoTime(), indexers);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(image.resolve(LAUNCHER).toString(), "status", "--redis", demo.redisUri(),
                        "--coordinator", demo.coordinatorTarget(), "--deadline", "2s")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .directory(home.toFile())
                        .start();
                p.getOutputStream().close();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("status did not finish within 60 s");
                }
                double took = (System.nanoTime() - t0) / 1e6;
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("status exited " + p.exitValue());
                }
                if (i > 0) {
                    ms.add(took);
                }
            }
            ms.sort(null);
            double median = ms.get(ms.size() / 2);
            r.figure("cli_status_min_ms", ms.getFirst());
            r.figure("cli_status_max_ms", ms.getLast());
            r.target(Target.below("CLI status on " + String.format("%,d", indexers) + " indexers, from the app image (wall)", median, "ms", TARGET_MS));
        }
        if (results != null) {
            r.write(results);
        }
        System.exit(r.allMet() ? 0 : 1);
    }

}
