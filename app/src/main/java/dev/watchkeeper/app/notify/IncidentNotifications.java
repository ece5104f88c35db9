package dev.watchkeeper.app.notify;

import dev.watchkeeper.model.attention.HumanDuration;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEvent;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * One notification when an incident opens and one when it resolves; never one per member. An
 * incident that began before the console connected (pooler failures found in the first epoch
 * window) is shown in the views, not announced, as problems found at connect are not.
 */
public final class IncidentNotifications implements Consumer<IncidentEvent> {

    private final Notifier notifier;
    private final Consumer<String> openIncident;
    private final Instant notBefore;

    /**
     * @param openIncident shows an incident by id (a click on the notification)
     * @param notBefore    incidents that began earlier are not announced (null: all are)
     */
    public IncidentNotifications(Notifier notifier, Consumer<String> openIncident, Instant notBefore) {
        this.notifier = notifier;
        this.openIncident = openIncident;
        this.notBefore = notBefore;
    }

    @Override
    public void accept(IncidentEvent e) {
        Incident i = e.incident();
        if (notBefore != null && i.start().isBefore(notBefore)) {
            return;
        }
        switch (e.type()) {
            case OPENED -> notifier.show(NotificationFlow.INCIDENTS, "Incident: " + i.size() + " × " + i.kindLabel(), i.title(), () -> openIncident.accept(i.id()));
            case RESOLVED -> notifier.show(NotificationFlow.INCIDENTS, "Resolved after " + HumanDuration.format(i.timeToRecovery()) + ": " + i.size() + " × " + i.kindLabel(),
                    i.title(), () -> openIncident.accept(i.id()));
            case CHANGED -> {
                // Members joining or recovering are in the views, not worth interrupting anyone.
            }
        }
    }
}
