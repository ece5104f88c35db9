package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.bench.check.Results;
import dev.watchkeeper.bench.check.Target;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14's idle target: a console holding 10,000 indexers, with nothing changing, Attention tab
 * shown, uses under 2% of a core and under 400 MB resident. The console runs alone in a child
 * process ({@link IdleConsole}) with the JVM options the app image ships with (its heap flags too) and
 * the headless glass platform; the Redis (keyspace notifications on) and the coordinator it follows
 * run in this process. As in the end-to-end bench it has no block streamer or runner: this
 * simulator's would list no stream for any of the 10,000, an attention item each. Exits 1 when a
 * target is missed.
 *
 * <p>Options: {@code --indexers 10000 --warmup 20 --seconds 60 --out docs/performance-results.json
 * --console-jvm "-XX:StartFlightRecording=..."} (added to the console's JVM options).
 */
public final class IdleBench {

    static final double CPU_TARGET_CORES = 0.02;
    static final double RSS_TARGET_MB = 400;

    private IdleBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args, Map.of("--indexers", "10000", "--warmup", "20", "--seconds", "60",
                "--out", "", "--console-jvm", ""));
        int n = Integer.parseInt(o.get("--indexers"));
        Results results = new Results("idle", n + " indexers, no changes, Attention tab shown, console alone in its process"
                + " (app image JVM options, headless glass, software rendering); CPU over " + o.get("--seconds") + " s after "
                + o.get("--warmup") + " s of warm-up; RSS the largest VmRSS sampled each second");
        Map<String, Double> r;
        // nothing changes: no simulated indexers (the writer fills Redis once) and no epochs released
        try (DemoStack demo = DemoStack.start(SimConfig.defaults().withIndexers(0).withProjectsPerEpoch(0)
                .withEpochInterval(java.time.Duration.ofDays(1)))) {
            ChangeWriter.loadAndWait(demo.redisUri(), System.nanoTime(), n);
            r = runConsole(demo, n, o);
        }
        results.figure("indexers", n)
                .figure("load_s", r.get("loaded_s"))
                .figure("heap_committed_mb", r.get("heap_committed_mb"))
                .figure("JIT compilation in the measured window (% of a core, part of the CPU figure)", r.get("jit_cores") * 100)
                .target(Target.below("idle CPU, " + n + " indexers, no changes", r.get("cpu_cores") * 100, "% of a core", CPU_TARGET_CORES * 100))
                .target(Target.below("idle resident set, " + n + " indexers", r.get("rss_mb"), "MB", RSS_TARGET_MB));
        if (!o.get("--out").isEmpty()) {
            results.write(Path.of(o.get("--out")));
        }
        System.exit(results.allMet() ? 0 : 1);
    }

    private static Map<String, Double> runConsole(DemoStack demo, int n, Map<String, String> o) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as the app image runs it (dist/pom.xml: --java-options and jpackage.heap.options), plus the headless platform
                "--enable-native-access=ALL-UNNAMED", "-XX:G1PeriodicGCInterval=15000", "-XX:MaxHeapFreeRatio=30", "-XX:MinHeapFreeRatio=10",
                "-Dglass.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true"));
        if (!o.get("--console-jvm").isBlank()) {
            cmd.addAll(Arrays.asList(o.get("--console-jvm").trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleConsole.class.getName(),
                demo.coordinatorTarget(), demo.redisUri(), "-", "-", "-",
                Integer.toString(n), o.get("--warmup"), o.get("--seconds")));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Double> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(IdleConsole.RESULT + " ")) {
                    for (String kv : line.substring(IdleConsole.RESULT.length() + 1).split(" ")) {
                        String[] f = kv.split("=");
                        out.put(f[0], Double.parseDouble(f[1]));
                    }
                    System.out.println(line);
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (!out.containsKey("cpu_cores")) {
            throw new IllegalStateException("the idle console ended without a result (exit " + p.exitValue() + ")");
        }
        return out;
    }

    static Map<String, String> options(String[] args, Map<String, String> defaults) {
        Map<String, String> o = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (!o.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + " (options: " + defaults.keySet() + ")");
            }
            o.put(args[i], args[++i]);
        }
        return o;
    }
}
