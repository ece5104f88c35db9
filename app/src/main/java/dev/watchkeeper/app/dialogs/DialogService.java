package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.CommandPrompts;
import javafx.scene.Parent;

import java.util.Optional;

/**
 * Everything that asks the operator or opens a window, behind one interface: views stay testable
 * with a scripted implementation, and the FX one ({@link FxDialogService}) is tested on its own.
 * The commands' confirmations and progress come from {@link CommandPrompts}.
 */
public interface DialogService extends CommandPrompts {

    /** Tells the operator something went wrong (e.g. a file could not be written). Does not wait. */
    void showError(String title, String message);

    /** Asks for one line of text; empty when cancelled or left blank. Waits for the answer. */
    Optional<String> askText(String title, String question);

    /** Opens {@code content} in its own window over the main one (e.g. the profile editor). Does not wait. */
    void showWindow(String title, Parent content, double width, double height);
}
