package dev.watchkeeper.app.export;

import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;

/** Asks the user where to save a file. Behind an interface: native choosers do not run headless. */
public interface FileChooserService {

    Optional<Path> chooseSaveFile(Window owner, String title, String suggestedName, String extension);
}
