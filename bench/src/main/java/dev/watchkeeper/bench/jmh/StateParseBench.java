package dev.watchkeeper.bench.jmh;

import dev.watchkeeper.bench.Fleets;
import dev.watchkeeper.connectors.redis.StateJsonParser;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** Parsing one coordinator state value: the per-change cost on the reader thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateParseBench {

    private final IndexerId id = Fleets.id(4711);
    private final String good = Fleets.stateJson(id, 123_456_789L, true, "Running");
    private final String malformed = good.substring(0, good.length() / 2);
    private final String keyName = id.stateKey();

    @Benchmark
    public IndexerState parseGood() {
        return StateJsonParser.parse(id, good);
    }

    @Benchmark
    public IndexerState parseMalformed() {
        return StateJsonParser.parse(id, malformed);
    }

    @Benchmark
    public IndexerId keyToId() {
        return IndexerId.fromKey(keyName, IndexerId.STATE_SUFFIX);
    }
}
