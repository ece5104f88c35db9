package dev.watchkeeper.bench;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The live heap: the heap in use at the end of a full collection, as the collector itself reports
 * it. Reading {@code getHeapMemoryUsage()} a moment after {@code System.gc()} instead includes
 * whatever the simulator and the console allocated in between, tens of MB of noise on a busy run.
 */
public final class LiveHeap {

    private LiveHeap() {
    }

    public static long afterFullGc() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class);
        Map<String, Long> before = new HashMap<>();
        collectors.forEach(c -> before.put(c.getName(), c.getCollectionCount()));
        System.gc();
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        GcInfo full = null;
        for (GarbageCollectorMXBean c : collectors) {
            GcInfo info = c.getLastGcInfo();
            // the collector that ran during System.gc() and, of those, the one that ended last
            if (c.getCollectionCount() > before.get(c.getName()) && info != null
                    && (full == null || info.getEndTime() > full.getEndTime())) {
                full = info;
            }
        }
        if (full == null) {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        return full.getMemoryUsageAfterGc().entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }
}
