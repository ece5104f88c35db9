package dev.watchkeeper.app.prefs;

import java.util.prefs.Preferences;

/**
 * What the console remembers between runs: window bounds, selected tab, theme, last profile, saved
 * filters. One preferences node; tests pass their own (a throw-away child) so nothing leaks.
 */
public final class UiPrefs {

    private final Preferences node;

    public UiPrefs(Preferences node) {
        this.node = node;
    }

    /** The user's real preferences. */
    public static UiPrefs user() {
        return new UiPrefs(Preferences.userRoot().node("dev/watchkeeper/console"));
    }

    public Preferences node() {
        return node;
    }

    public Preferences savedFilters() {
        return node.node("savedFilters");
    }

    public boolean darkTheme() {
        return node.getBoolean("darkTheme", false);
    }

    public void setDarkTheme(boolean dark) {
        node.putBoolean("darkTheme", dark);
    }

    public String selectedTab() {
        return node.get("selectedTab", null);
    }

    public void setSelectedTab(String id) {
        if (id != null) {
            node.put("selectedTab", id);
        }
    }

    public String lastProfile() {
        return node.get("lastProfile", null);
    }

    public void setLastProfile(String name) {
        if (name != null) {
            node.put("lastProfile", name);
        }
    }

    /** The fleet table's sort order chosen under a connection profile ({@code FleetSortOrder}'s text); null when never chosen. */
    public String fleetSort(String profile) {
        return node.node("fleetSort").get(key(profile), null);
    }

    public void setFleetSort(String profile, String spec) {
        node.node("fleetSort").put(key(profile), spec);
    }

    /** A preferences key is at most 80 characters: a longer profile name is shortened with its hash. */
    private static String key(String name) {
        String n = name == null ? "" : name;
        return n.length() <= Preferences.MAX_KEY_LENGTH ? n : n.substring(0, 60) + "#" + Integer.toHexString(n.hashCode());
    }

    /** Notification kinds the user muted (attention kinds' labels, "Incidents"). */
    public java.util.Set<String> mutedNotifications() {
        String s = node.get("mutedNotifications", "");
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String k : s.split("\n")) {
            if (!k.isBlank()) {
                out.add(k);
            }
        }
        return out;
    }

    public void setMutedNotifications(java.util.Collection<String> kinds) {
        node.put("mutedNotifications", String.join("\n", kinds));
    }

    /** x, y, width, height; null when never saved or unreadable. */
    public double[] windowBounds() {
        String s = node.get("window", null);
        if (s == null) {
            return null;
        }
        try {
            String[] p = s.split(",");
            if (p.length != 4) {
                return null;
            }
            double[] b = new double[4];
            for (int i = 0; i < 4; i++) {
                b[i] = Double.parseDouble(p[i]);
            }
            return b[2] > 100 && b[3] > 100 ? b : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public void setWindowBounds(double x, double y, double w, double h) {
        node.put("window", x + "," + y + "," + w + "," + h);
    }
}
