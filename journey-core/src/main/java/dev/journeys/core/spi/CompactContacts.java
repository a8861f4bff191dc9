package dev.journeys.core.spi;

import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.Contact;

import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * Keeps contacts of {@link InMemoryContactDirectory} in few bytes: a contact is one array, its
 * {@link Shape} (attribute names, zone, consents, preferred channel) first, then its attribute
 * values in the shape's order. Contacts with the same names, zone, consents and channel share one
 * shape, so a contact with four attributes costs one array of five references and the values,
 * where a {@link Contact} costs an {@link Attributes} map with an entry per attribute. Shapes
 * are kept as long as the directory, one per distinct combination seen. Internal.
 *
 * <p>Thread-safe: the arrays are never changed once made, and shapes are shared through a
 * concurrent map.
 */
final class CompactContacts {

    /** What contacts share: everything but the id and the attribute values. */
    record Shape(List<String> names, ZoneId zone, Set<Consent> consents, Set<Consent> withdrawnConsents,
                 Optional<String> preferredChannel) {
    }

    private final ConcurrentMap<Shape, Shape> shapes = new ConcurrentHashMap<>();

    /** Returns the contact as an array: its shared shape, then its attribute values. */
    Object[] compact(Contact contact) {
        Map<String, Object> attributes = contact.attributes().asMap();
        Object[] compact = new Object[1 + attributes.size()];
        int at = 1;
        for (Object value : attributes.values()) {
            compact[at++] = value;
        }
        Shape shape = new Shape(List.copyOf(attributes.keySet()), contact.zone(), contact.consents(),
                contact.withdrawnConsents(), contact.preferredChannel());
        Shape shared = shapes.putIfAbsent(shape, shape);
        compact[0] = shared == null ? shape : shared;
        return compact;
    }

    /** Returns the contact the array holds. */
    static Contact contact(String id, Object[] compact) {
        Shape shape = (Shape) compact[0];
        return new Contact(id, Attributes.of(new Values(shape.names(), compact)), shape.zone(), shape.consents(),
                shape.withdrawnConsents(), shape.preferredChannel());
    }

    /** Returns how many shapes the contacts share. */
    int shapes() {
        return shapes.size();
    }

    /** A read-only map over an array, for {@link Attributes#of(Map)} to copy without another map in between. */
    private static final class Values extends AbstractMap<String, Object> {
        private final List<String> names;
        private final Object[] compact;

        Values(List<String> names, Object[] compact) {
            this.names = names;
            this.compact = compact;
        }

        @Override
        public int size() {
            return names.size();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < names.size(); i++) {
                action.accept(names.get(i), compact[i + 1]);
            }
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return names.size();
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.size();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next == names.size()) {
                                throw new NoSuchElementException();
                            }
                            next++;
                            return new SimpleImmutableEntry<>(names.get(next - 1), compact[next]);
                        }
                    };
                }
            };
        }
    }
}
