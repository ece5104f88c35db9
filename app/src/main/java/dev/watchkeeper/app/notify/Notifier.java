package dev.watchkeeper.app.notify;

/** Shows a desktop-style notification; {@code onClick} runs when the user clicks it. */
public interface Notifier {

    void show(String title, String text, Runnable onClick);
}
