package dev.watchkeeper.app.notify;

/** Shows a desktop-style notification; {@code onClick} runs when the user clicks it. */
public interface Notifier {

    void show(String title, String text, Runnable onClick);

    /**
     * As {@link #show(String, String, Runnable)}, of a {@code kind} the user may mute (e.g. an
     * attention kind's label, {@link NotificationFlow#INCIDENTS}); null when it cannot be muted.
     */
    default void show(String kind, String title, String text, Runnable onClick) {
        show(title, text, onClick);
    }
}
