package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.BulkProgress;
import dev.watchkeeper.app.commands.CommandPlan;
import javafx.scene.Parent;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers every confirmation with a preset reason (or cancels) and records what it was asked. */
public final class ScriptedDialogService implements DialogService {

    public final List<CommandPlan> asked = new CopyOnWriteArrayList<>();
    public final List<BulkProgress> shown = new CopyOnWriteArrayList<>();
    public final List<String> errors = new CopyOnWriteArrayList<>();
    public final List<String> windows = new CopyOnWriteArrayList<>();
    /** The reason returned; null cancels. */
    public volatile String answer = "";

    @Override
    public Optional<String> confirm(CommandPlan plan) {
        asked.add(plan);
        return Optional.ofNullable(answer);
    }

    @Override
    public void showProgress(BulkProgress progress) {
        shown.add(progress);
    }

    @Override
    public void showError(String title, String message) {
        errors.add(title + ": " + message);
    }

    /** Answers every question with {@link #answer} (null: cancelled). */
    @Override
    public Optional<String> askText(String title, String question) {
        return Optional.ofNullable(answer).filter(a -> !a.isBlank());
    }

    @Override
    public void showWindow(String title, Parent content, double width, double height) {
        windows.add(title);
    }
}
