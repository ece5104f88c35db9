package dev.watchkeeper.app.notify;

import dev.watchkeeper.model.attention.HumanDuration;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEvent;

import java.util.function.Consumer;

/** One notification when an incident opens and one when it resolves; never one per member. */
public final class IncidentNotifications implements Consumer<IncidentEvent> {

    private final Notifier notifier;
    private final Consumer<String> openIncident;

    /** @param openIncident shows an incident by id (a click on the notification) */
    public IncidentNotifications(Notifier notifier, Consumer<String> openIncident) {
        this.notifier = notifier;
        this.openIncident = openIncident;
    }

    @Override
    public void accept(IncidentEvent e) {
        Incident i = e.incident();
        switch (e.type()) {
            case OPENED -> notifier.show("Incident: " + i.size() + " × " + i.kindLabel(), i.title(), () -> openIncident.accept(i.id()));
            case RESOLVED -> notifier.show("Resolved after " + HumanDuration.format(i.timeToRecovery()) + ": " + i.size() + " × " + i.kindLabel(),
                    i.title(), () -> openIncident.accept(i.id()));
            case CHANGED -> {
                // Members joining or recovering are in the views, not worth interrupting anyone.
            }
        }
    }
}
