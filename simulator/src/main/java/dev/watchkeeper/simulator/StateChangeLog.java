package dev.watchkeeper.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The newest state changes written to Redis (a bounded ring), plus listeners told of each one. */
public final class StateChangeLog {

    private final StateChange[] ring;
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private long total;

    StateChangeLog(int capacity) {
        ring = new StateChange[capacity];
    }

    synchronized StateChange record(dev.watchkeeper.model.IndexerId id, String state, boolean enabled, long millis, long nanos) {
        StateChange c = new StateChange(++total, id, state, enabled, millis, nanos);
        ring[(int) (c.sequence() % ring.length)] = c;
        return c;
    }

    void fire(StateChange c) {
        for (Consumer<StateChange> l : listeners) {
            l.accept(c);
        }
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** How many changes were written since start. */
    public synchronized long total() {
        return total;
    }

    /** Changes with a sequence above {@code sequence} still kept (the ring keeps the newest ones), oldest first. */
    public synchronized List<StateChange> since(long sequence) {
        long from = Math.max(sequence, total - ring.length);
        List<StateChange> out = new ArrayList<>((int) Math.max(0, total - from));
        for (long s = from + 1; s <= total; s++) {
            out.add(ring[(int) (s % ring.length)]);
        }
        return out;
    }

    /** Called on the simulation thread for every change; keep it fast. */
    public void addListener(Consumer<StateChange> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<StateChange> listener) {
        listeners.remove(listener);
    }
}
