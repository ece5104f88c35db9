package dev.watchkeeper.app.ui;

import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * One piece of work off the FX thread and what to do with its outcome on the FX thread, in the
 * spirit of JabRef's {@code BackgroundTask}: {@code BackgroundTask.wrap("read audit log", log::read)
 * .onSuccess(entries::setAll).executeWith(tasks)}. Where it runs is the {@link TaskExecutor}'s
 * business (a worker thread in the console, the caller's thread in tests).
 *
 * @param <T> the result
 */
public final class BackgroundTask<T> {

    /** The work: may block, must not touch JavaFX. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    private final String name;
    private final Work<T> work;
    private Consumer<T> onSuccess = result -> { };
    private Consumer<Exception> onFailure;

    private BackgroundTask(String name, Work<T> work) {
        this.name = name;
        this.work = work;
        this.onFailure = e -> LoggerFactory.getLogger(BackgroundTask.class).warn("{} failed: {}", name, e.toString());
    }

    /** @param name what the work does, for thread names and logs */
    public static <T> BackgroundTask<T> wrap(String name, Work<T> work) {
        return new BackgroundTask<>(name, work);
    }

    /** Work without a result. */
    public static BackgroundTask<Void> wrap(String name, Runnable work) {
        return new BackgroundTask<>(name, () -> {
            work.run();
            return null;
        });
    }

    /** Runs on the FX thread with the result. */
    public BackgroundTask<T> onSuccess(Consumer<T> onSuccess) {
        this.onSuccess = onSuccess;
        return this;
    }

    /** Runs on the FX thread when the work threw (default: a warning in the log). */
    public BackgroundTask<T> onFailure(Consumer<Exception> onFailure) {
        this.onFailure = onFailure;
        return this;
    }

    public void executeWith(TaskExecutor executor) {
        executor.execute(this);
    }

    public String name() {
        return name;
    }

    /** Runs the work on the calling thread; hands back what to run on the FX thread. */
    Runnable runWork() {
        try {
            T result = work.call();
            return () -> onSuccess.accept(result);
        } catch (Exception e) {
            return () -> onFailure.accept(e);
        }
    }
}
