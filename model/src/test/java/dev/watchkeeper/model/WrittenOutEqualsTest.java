package dev.watchkeeper.model;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The records whose equals is written out compare every component, as a record's own equals does. */
class WrittenOutEqualsTest {

    private static final IndexerId ID = new IndexerId("a.near", "f");

    @Test
    void indexerStateComparesEveryComponent() throws Exception {
        everyComponentCounts(new IndexerState(ID, LifecycleState.RUNNING, "Running", true, 7L, "{}", "p", IndexerState.Readability.PARTLY_READABLE),
                new Object[]{new IndexerId("b.near", "f"), LifecycleState.SUSPENDED, "Suspended", false, 8L, "{ }", "q", IndexerState.Readability.UNREADABLE});
    }

    @Test
    void streamStatusComparesEveryComponent() throws Exception {
        everyComponentCounts(new StreamStatus(ID, "s", 1, StreamHealth.RUNNING, 100),
                new Object[]{new IndexerId("b.near", "f"), "t", 2L, StreamHealth.STALLED, 101L});
    }

    @Test
    void executorStatusComparesEveryComponent() throws Exception {
        everyComponentCounts(new ExecutorStatus(ID, "e", 1, ExecutorHealth.RUNNING), new Object[]{new IndexerId("b.near", "f"), "x", 2L, ExecutorHealth.FAILING});
    }

    @Test
    void nullComponentsCompareAsARecordsOwn() {
        assertThat(new StreamStatus(ID, null, 0, null, 0)).isEqualTo(new StreamStatus(ID, null, 0, null, 0))
                .isNotEqualTo(new StreamStatus(ID, "", 0, null, 0));
        assertThat(new ExecutorStatus(ID, null, 0, null)).hasSameHashCodeAs(new ExecutorStatus(ID, null, 0, null));
    }

    /** {@code r} equals a copy of itself (same hash) and differs from each copy with one component from {@code others}. */
    private static void everyComponentCounts(Record r, Object[] others) throws Exception {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Constructor<?> canonical = r.getClass().getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = components[i].getAccessor().invoke(r);
        }
        Object copy = canonical.newInstance(values.clone());
        assertThat(copy).isEqualTo(r).hasSameHashCodeAs(r);
        for (int i = 0; i < components.length; i++) {
            Object[] changed = values.clone();
            changed[i] = others[i];
            assertThat(canonical.newInstance(changed)).as(components[i].getName()).isNotEqualTo(r);
        }
    }
}
