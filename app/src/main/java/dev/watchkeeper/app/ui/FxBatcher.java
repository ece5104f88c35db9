package dev.watchkeeper.app.ui;

import javafx.application.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items from any thread to the FX thread in batches: however many arrive between two
 * pulses, the consumer runs once with all of them. Keeps bursts from flooding the FX queue.
 */
public final class FxBatcher<T> {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> consumer;

    public FxBatcher(Consumer<List<T>> consumer) {
        this.consumer = consumer;
    }

    public void offer(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<T> items = new ArrayList<>();
        for (T t; (t = queue.poll()) != null; ) {
            items.add(t);
        }
        if (!items.isEmpty()) {
            consumer.accept(items);
        }
    }
}
