package dev.watchkeeper.app.incidents;

import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentReport;
import javafx.application.Platform;
import javafx.stage.Window;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Saves an incident's postmortem report (Markdown or JSON) where the user chooses. The report is
 * built on the FX thread (it is small); the file is written on a background thread and the outcome
 * reported back on the FX thread.
 */
public final class IncidentReports {

    public enum Format {
        MARKDOWN("md", "Markdown"), JSON("json", "JSON");

        final String extension;
        final String label;

        Format(String extension, String label) {
            this.extension = extension;
            this.label = label;
        }
    }

    private final FileChooserService files;
    private final Supplier<List<AuditEntry>> audit;
    private final ZoneId zone;

    /** @param audit the audit entries the console has read (the commands issued during the incident come from these) */
    public IncidentReports(FileChooserService files, Supplier<List<AuditEntry>> audit, ZoneId zone) {
        this.files = files;
        this.audit = audit;
        this.zone = zone;
    }

    public static String fileName(Incident i, Format f) {
        return "watchkeeper-" + i.id().toLowerCase(java.util.Locale.ROOT) + "." + f.extension;
    }

    public String render(Incident i, Format f, Instant now) {
        IncidentReport r = new IncidentReport(i, audit.get(), now);
        return f == Format.MARKDOWN ? r.markdown(zone) : r.json();
    }

    /**
     * Asks for a file and writes the report there; {@code done} gets the path written, or the
     * error message, on the FX thread. Nothing happens when the user cancels.
     */
    public void export(Window owner, Incident i, Format f, Instant now, Consumer<String> done) {
        Optional<Path> target = files.chooseSaveFile(owner, "Save the " + f.label + " report of " + i.id(), fileName(i, f), f.extension);
        if (target.isEmpty()) {
            return;
        }
        String text = render(i, f, now);
        Path path = target.get();
        CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(path, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).whenComplete((v, error) -> Platform.runLater(() -> done.accept(error == null
                ? "Saved " + path
                : "Could not write " + path + ": " + rootMessage(error))));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
