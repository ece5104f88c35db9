package dev.watchkeeper.app.ui;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;

/**
 * A set that keeps nothing, for what is collected only when someone needs it: adding 50,000 rows or
 * ids to a set nobody reads is work for nothing. Always empty; {@link #set()} is one instance, so a
 * caller can tell it from a real set by identity.
 */
public final class KeptNowhere {

    private static final Set<Object> NOTHING = new AbstractSet<>() {
        @Override
        public boolean add(Object o) {
            return false;
        }

        @Override
        public Iterator<Object> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    private KeptNowhere() {
    }

    @SuppressWarnings("unchecked")
    public static <T> Set<T> set() {
        return (Set<T>) NOTHING;
    }
}
