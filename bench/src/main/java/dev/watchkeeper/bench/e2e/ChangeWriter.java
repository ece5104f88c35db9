package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.bench.Fleets;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.model.IndexerId;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the benchmark's Redis keys in the coordinator's exact format, from its own process so the
 * console process's CPU and heap are its own. Each state value's {@code block_stream_synced_at} is
 * a registry version (a block height, as upstream writes) that encodes when it was written:
 * {@link Fleets#registryVersion} from the harness's ORIGIN ({@code System.nanoTime()}); the console
 * side decodes it with {@link Fleets#writtenNanos} to get change-to-model and change-to-screen.
 *
 * <pre>
 * load  URI ORIGIN N                          flush the database, write N indexers and indexer_states
 * pooler URI ORIGIN FIRST                     the window a running pooler leaves behind, the epochs before FIRST
 *        ({@link PoolerWriter#prefill}); run before the console opens, as a console opening on a running pooler finds it
 * churn URI ORIGIN N RATE SECONDS HOT SHARE [production FIRST]
 *        change RATE states/s for SECONDS; SHARE of them hit the first HOT indexers. With
 *        "production", also what the block streamer and runner write for every running indexer
 *        about once a second (near/queryapi at 7d9546d, block-streamer/src/block_stream.rs,
 *        runner/src/stream-handler): SET :last_published_block to the next height, XADD a
 *        block_height to :block_stream, and drop the oldest entry once the runner has run it
 *        (lengths wander between 0 and 6); and the pooler's epoch status from epoch FIRST on ({@link PoolerWriter}).
 * health PORT N                               serve the block streamer's and runner's list APIs for N
 *        indexers ({@link HealthServer}) until stopped
 * </pre>
 * URI is {@code redis://} for one server or {@code redis-cluster://h:p,h:p} for a Redis Cluster.
 */
public final class ChangeWriter {

    private static final String[] STATES = {"Running", "Suspended", "Running", "Initializing", "Running", "Suspending"};

    /** Printed when churn starts writing: the harness starts its clock then, not at process start. */
    static final String STARTED = "churn started";

    private ChangeWriter() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("health")) {
            HealthServer.serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        try (Writer w = Writer.connect(args[1])) {
            long origin = Long.parseLong(args[2]);
            switch (args[0]) {
                case "load" -> load(w, origin, Integer.parseInt(args[3]));
                case "pooler" -> prefill(w, Long.parseLong(args[3]));
                case "churn" -> churn(w, origin, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Double.parseDouble(args[5]),
                        Integer.parseInt(args[6]), Double.parseDouble(args[7]),
                        args.length > 9 && args[8].equals("production") ? Long.valueOf(args[9]) : null);
                default -> throw new IllegalArgumentException("load, pooler, churn or health, not " + args[0]);
            }
        }
    }

    /**
     * One pipelined connection (commands flushed by the writer, not one by one) to a single server
     * or, for a {@code redis-cluster://} URI, to a Redis Cluster through lettuce's cluster client,
     * which routes each key to its node and sends FLUSHALL to every master.
     */
    record Writer(AbstractRedisClient client, StatefulConnection<String, String> connection,
                  RedisClusterAsyncCommands<String, String> commands) implements AutoCloseable {

        static Writer connect(String uri) {
            if (uri.startsWith("redis-cluster://")) {
                List<RedisURI> seeds = java.util.Arrays.stream(uri.substring("redis-cluster://".length()).split(","))
                        .map(hostPort -> RedisURI.create("redis://" + hostPort)).toList();
                RedisClusterClient cluster = RedisClusterClient.create(seeds);
                StatefulRedisClusterConnection<String, String> c = cluster.connect();
                c.setAutoFlushCommands(false);
                return new Writer(cluster, c, c.async());
            }
            RedisClient single = RedisClient.create(uri);
            StatefulRedisConnection<String, String> c = single.connect();
            c.setAutoFlushCommands(false);
            return new Writer(single, c, c.async());
        }

        void flush() {
            connection.flushCommands();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Starts a writer process ({@code mode} load or churn) against {@code redis}; its output is inherited for load. */
    static Process launch(String redis, long origin, String mode, String... args) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChangeWriter.class.getName(), mode, redis, Long.toString(origin)));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        return mode.equals("churn") ? pb.start() : pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Starts the block streamer's and runner's list APIs for {@code n} indexers on {@code port} in a process of their own; returns once they serve. */
    static Process launchHealth(int port, int n) throws java.io.IOException {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChangeWriter.class.getName(), "health",
                Integer.toString(port), Integer.toString(n)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        if (first == null || !first.startsWith("health serving")) {
            p.destroyForcibly();
            throw new IllegalStateException("the health server did not start: " + first);
        }
        return p;
    }

    /** Runs a load writer to its end; fails when it fails. */
    static void loadAndWait(String redis, long origin, int n) throws java.io.IOException, InterruptedException {
        awaitExit(launch(redis, origin, "load", Integer.toString(n)));
    }

    static void awaitExit(Process p) throws InterruptedException {
        if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("writer failed: " + p.info().commandLine().orElse("?"));
        }
    }

    static void load(Writer c, long origin, int n) {
        RedisClusterAsyncCommands<String, String> a = c.commands();
        List<RedisFuture<?>> pending = new ArrayList<>();
        pending.add(a.flushall());
        List<String> keys = new ArrayList<>(1000);
        for (int i = 0; i < n; i++) {
            IndexerId id = Fleets.id(i);
            pending.add(a.set(id.stateKey(), Fleets.stateJson(id, Fleets.registryVersion(System.nanoTime(), origin), true, "Running")));
            keys.add(id.stateKey());
            if (keys.size() == 1000 || i == n - 1) {
                pending.add(a.sadd(RedisFleetReader.INDEXER_STATES_KEY, keys.toArray(String[]::new)));
                keys.clear();
                c.flush();
                await(pending);
            }
        }
        c.flush();
        await(pending);
        System.out.println("loaded " + n);
    }

    static void prefill(Writer c, long first) {
        List<RedisFuture<?>> pending = new ArrayList<>();
        new PoolerWriter(c.commands(), first).prefill(pending);
        c.flush();
        await(pending);
        System.out.println("pooler window written up to epoch " + (first - 1));
    }

    /** @param poolerFirst with the production workload, the first epoch the pooler releases; null for lifecycle churn only */
    static void churn(Writer c, long origin, int n, int rate, double seconds, int hot, double hotShare,
                      Long poolerFirst) {
        RedisClusterAsyncCommands<String, String> a = c.commands();
        boolean production = poolerFirst != null;
        PoolerWriter pooler = production ? new PoolerWriter(a, poolerFirst) : null;
        SplittableRandom random = new SplittableRandom(42);
        List<RedisFuture<?>> pending = new ArrayList<>();
        boolean[] running = new boolean[n];
        java.util.Arrays.fill(running, true); // load writes every indexer Running
        long[] height = new long[n];
        java.util.Arrays.fill(height, FIRST_BLOCK);
        int[] queued = new int[n];
        System.out.println(STARTED);
        System.out.flush();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long written = 0;
        long progressed = 0;
        long tick = 2_000_000; // 2 ms: writes spread evenly, as many coordinator loops would
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = (long) ((now - start) / 1e9 * rate);
            for (; written < due; written++) {
                int i = random.nextDouble() < hotShare ? random.nextInt(hot) : random.nextInt(n);
                IndexerId id = Fleets.id(i);
                String state = STATES[random.nextInt(STATES.length)];
                running[i] = state.equals("Running");
                pending.add(a.set(id.stateKey(), Fleets.stateJson(id, Fleets.registryVersion(System.nanoTime(), origin), !state.startsWith("Suspend"), state)));
            }
            // every indexer's turn comes once a second; a running one publishes a block
            long progressDue = production ? (long) ((now - start) / 1e9 * n) : 0;
            for (; progressed < progressDue; progressed++) {
                int i = (int) (progressed % n);
                if (running[i]) {
                    progress(a, Fleets.id(i), height, queued, i, random, pending);
                }
                if (pending.size() > 6000) {
                    // a turn of 50,000 indexers is 150,000 commands: send and settle them in slices, not all held at once
                    c.flush();
                    await(pending);
                }
            }
            if (pooler != null) {
                pooler.advance(now - start, pending);
            }
            c.flush();
            if (pending.size() > 2000) {
                await(pending);
            }
            LockSupport.parkNanos(tick);
        }
        c.flush();
        await(pending);
        System.out.println("churned " + written + (production ? ", progress turns " + progressed + ", pooler HSETs " + pooler.hsets() : ""));
    }

    /** A NEAR mainnet height of late 2026, where the benchmark's streams start. */
    static final long FIRST_BLOCK = 175_000_000L;

    /** The block streamer publishes the next block; the runner, most of the time, has run (and XDELs) the oldest. */
    private static void progress(RedisClusterAsyncCommands<String, String> a, IndexerId id, long[] height, int[] queued, int i,
                                 SplittableRandom random, List<RedisFuture<?>> pending) {
        height[i]++;
        pending.add(a.set(id.lastPublishedBlockKey(), Long.toString(height[i])));
        pending.add(a.xadd(id.blockStreamKey(), java.util.Map.of("block_height", Long.toString(height[i]))));
        queued[i]++;
        if (queued[i] > 5 || (queued[i] > 0 && random.nextInt(3) > 0)) {
            // the runner XDELs the oldest entry by id after running it; XTRIM to one less does the same without reading the id
            pending.add(a.xtrim(id.blockStreamKey(), queued[i] - 1));
            queued[i]--;
        }
    }

    private static void await(List<RedisFuture<?>> futures) {
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(30), futures.toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("Redis writes timed out");
        }
        futures.clear();
    }
}
