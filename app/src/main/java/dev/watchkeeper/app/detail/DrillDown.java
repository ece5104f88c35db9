package dev.watchkeeper.app.detail;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.epochs.EpochTimelineView;

import java.time.Clock;

/** Plugs the epoch timeline and the indexer detail views into the main window of a session. */
public final class DrillDown {

    private DrillDown() {
    }

    /** Must run on the FX thread. */
    public static void install(MainWindow window, ConsoleSession session) {
        Clock clock = Clock.systemUTC();
        EpochTimelineView timeline = new EpochTimelineView(session.epochTimeline(), clock);
        if (session.submissions() == null) {
            window.setEpochsContent(timeline);
        } else {
            // the pooler core API's missed and incorrect submissions beside the timeline
            javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(timeline,
                    new dev.watchkeeper.app.submissions.SubmissionsView(session.submissions()));
            split.setDividerPositions(0.72);
            window.setEpochsContent(split);
        }
        IndexerDetails details = new IndexerDetails(session.detailHistory(), session.epochTimeline(),
                session.coordinatorChannel(), clock).withLogSource(session.logSource())
                .withWorkers(session.workers(), session.metricsConfigured());
        window.setDetailFactory(row -> details.open(row.id()).closingWithTab());
    }
}
