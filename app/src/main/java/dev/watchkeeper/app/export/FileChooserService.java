package dev.watchkeeper.app.export;

import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;

/** Asks the user where to save a file, or which file to open. Behind an interface: native choosers do not run headless. */
public interface FileChooserService {

    Optional<Path> chooseSaveFile(Window owner, String title, String suggestedName, String extension);

    /** An existing file to read (e.g. a CA certificate); empty when the user cancels or this service cannot ask. */
    default Optional<Path> chooseOpenFile(Window owner, String title) {
        return Optional.empty();
    }
}
