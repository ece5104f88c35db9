package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.detail.DetailHistory;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.HealthListings;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health listings compared off the FX thread ({@link HealthListings}) leave the fleet and the detail
 * history as the listings applied whole do: through listings folded away, outages of a source (its
 * empty listing), indexers arriving and leaving, and streams whose updated_at alone moved.
 */
class HealthListingsAgreeTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Property(tries = 200)
    void comparedListingsShowWhatWholeListingsShow(@ForAll long seed) {
        Random r = new Random(seed);
        List<IndexerId> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(new IndexerId("a" + i + ".near", "f"));
        }
        FleetViewModel whole = new FleetViewModel();
        FleetViewModel compared = new FleetViewModel();
        DetailHistory wholeDetail = new DetailHistory();
        DetailHistory comparedDetail = new DetailHistory();
        ids.forEach(id -> {
            wholeDetail.addListener(id, () -> { });
            comparedDetail.addListener(id, () -> { });
        });
        HealthListings listings = new HealthListings();
        long[] updatedAt = new long[ids.size()];
        Instant at = T0;
        List<IndexerId> present = new ArrayList<>(ids.subList(0, 5));
        apply(List.of(StateBatch.full(states(present), at)), whole, compared, wholeDetail, comparedDetail);
        for (int step = 0; step < 40; step++) {
            at = at.plusSeconds(1);
            int dice = r.nextInt(10);
            if (dice < 4) {
                List<StreamStatus> streams = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    if (r.nextInt(5) > 0) {
                        updatedAt[i] += r.nextInt(3) == 0 ? 0 : 1;
                        StreamHealth h = r.nextInt(6) == 0 ? StreamHealth.STALLED : StreamHealth.RUNNING;
                        streams.add(new StreamStatus(ids.get(i), "s" + (r.nextInt(8) == 0 ? 2 : 1), r.nextInt(8) == 0 ? 2 : 1, h, updatedAt[i]));
                    }
                }
                listing(new HealthBatch(Source.BLOCK_STREAMER, streams, List.of(), true, at), r, listings,
                        whole, compared, wholeDetail, comparedDetail);
            } else if (dice < 7) {
                List<ExecutorStatus> executors = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    if (r.nextInt(5) > 0) {
                        ExecutorHealth h = r.nextInt(5) == 0 ? ExecutorHealth.FAILING : ExecutorHealth.RUNNING;
                        executors.add(new ExecutorStatus(ids.get(i), "x" + i, 1, h));
                    }
                }
                listing(new HealthBatch(Source.RUNNER, List.of(), executors, true, at), r, listings,
                        whole, compared, wholeDetail, comparedDetail);
            } else if (dice == 7) {
                // a source stops answering: every row's health from it becomes unknown
                Source source = r.nextBoolean() ? Source.BLOCK_STREAMER : Source.RUNNER;
                for (ConnectionState state : List.of(ConnectionState.RECONNECTING, ConnectionState.CONNECTED)) {
                    SourceStatus s = new SourceStatus(source, state, at, null, null, null, null);
                    whole.sourceStatus(s);
                    compared.sourceStatus(s);
                }
                HealthBatch empty = new HealthBatch(source, List.of(), List.of(), true, at);
                wholeDetail.accept(empty);
                comparedDetail.accept(empty);
            } else {
                IndexerId id = ids.get(r.nextInt(ids.size()));
                if (!present.remove(id)) {
                    present.add(id);
                }
                apply(List.of(StateBatch.full(states(present), at)), whole, compared, wholeDetail, comparedDetail);
            }
            for (IndexerId id : ids) {
                IndexerRow w = whole.row(id);
                IndexerRow c = compared.row(id);
                assertThat(c == null).as("row of %s, step %d", id, step).isEqualTo(w == null);
                if (w != null) {
                    assertThat(c.stream()).as("stream of %s, step %d", id, step).isEqualTo(w.stream());
                    assertThat(c.executor()).as("executor of %s, step %d", id, step).isEqualTo(w.executor());
                    assertThat(c.observation()).as("what the rules see of %s, step %d", id, step).isEqualTo(w.observation());
                }
                assertThat(comparedDetail.stream(id)).as("detail stream of %s, step %d", id, step).isEqualTo(wholeDetail.stream(id));
                assertThat(comparedDetail.executor(id)).as("detail executor of %s, step %d", id, step).isEqualTo(wholeDetail.executor(id));
                assertThat(comparedDetail.healthChanges(id)).as("health changes of %s, step %d", id, step).isEqualTo(wholeDetail.healthChanges(id));
            }
        }
    }

    /** One listing read; now and then folded away before the FX thread applied it, in both. */
    private static void listing(HealthBatch batch, Random r, HealthListings listings, FleetViewModel whole, FleetViewModel compared,
                                DetailHistory wholeDetail, DetailHistory comparedDetail) {
        var listing = listings.of(batch);
        if (r.nextInt(4) == 0) {
            return;
        }
        whole.applyAll(List.of(batch));
        compared.applyAll(List.of(listing));
        wholeDetail.acceptAll(List.of(batch));
        comparedDetail.acceptAll(List.of(listing));
    }

    private static void apply(List<?> items, FleetViewModel whole, FleetViewModel compared, DetailHistory wholeDetail, DetailHistory comparedDetail) {
        whole.applyAll(items);
        compared.applyAll(items);
        wholeDetail.acceptAll(items);
        comparedDetail.acceptAll(items);
    }

    private static List<IndexerState> states(List<IndexerId> present) {
        return present.stream().map(id -> IndexerState.of(id, LifecycleState.RUNNING, true)).toList();
    }
}
