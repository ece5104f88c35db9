package dev.watchkeeper.bench.e2e;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's pauses in this JVM while it listens, as intervals of {@code System.nanoTime()}.
 * G1 reports its young and mixed pauses, its full collections and (as "G1 Concurrent GC") the
 * remark and cleanup pauses of its concurrent cycles; its concurrent work itself is no pause and
 * shows in the machine's CPU instead. The collector gives times in milliseconds since the JVM
 * started, so an interval is widened by a millisecond on each side.
 */
final class GcPauses implements AutoCloseable {

    private final List<long[]> pauses = new ArrayList<>();
    /** System.nanoTime() at the JVM's start, as near as the uptime's milliseconds allow. */
    private final long startNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
    private final NotificationListener listener = this::notified;
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    private GcPauses() {
    }

    static GcPauses listen() {
        GcPauses g = new GcPauses();
        for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (c instanceof NotificationEmitter e) {
                e.addNotificationListener(g.listener, null, null);
                g.emitters.add(e);
            }
        }
        return g;
    }

    private void notified(Notification n, Object handback) {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        add(startNanos + (info.getStartTime() - 1) * 1_000_000, startNanos + (info.getEndTime() + 1) * 1_000_000);
    }

    synchronized void add(long from, long to) {
        pauses.add(new long[]{from, to});
    }

    /** Whether a pause overlaps {@code [from, to]}. */
    synchronized boolean during(long from, long to) {
        for (long[] p : pauses) {
            if (p[0] <= to && p[1] >= from) {
                return true;
            }
        }
        return false;
    }

    synchronized int count() {
        return pauses.size();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added: nothing to remove
            }
        }
    }
}
