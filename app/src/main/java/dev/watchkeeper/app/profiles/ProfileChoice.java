package dev.watchkeeper.app.profiles;

/**
 * A connection profile as the switcher lists it.
 *
 * @param name        unique name shown in the switcher
 * @param description where it connects (coordinator, Redis), for the tooltip
 * @param readOnly    every command disabled for this profile
 */
public record ProfileChoice(String name, String description, boolean readOnly) {

    @Override
    public String toString() {
        return name;
    }
}
