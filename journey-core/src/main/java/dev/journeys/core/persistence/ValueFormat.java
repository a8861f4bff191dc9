package dev.journeys.core.persistence;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.Effect;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.OutgoingMessage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of the values the persistence formats share: attributes (each value with a tag for
 * its type), instants, optional texts, idempotency keys, message categories (fixed codes, not
 * ordinals) and effects (a tag for their kind).
 *
 * <p>Static methods only.
 */
final class ValueFormat {

    /** How deep lists may nest inside an attribute value. */
    static final int MAX_LIST_DEPTH = 32;

    private static final int OUTGOING_MESSAGE = 1;
    private static final int ACTION_REQUEST = 2;
    /** A message held before it was decided: {@link #OUTGOING_MESSAGE} followed by when the contact reached its step. */
    private static final int HELD_MESSAGE = 3;

    private static final int STRING = 1;
    private static final int BOOLEAN = 2;
    private static final int INSTANT = 3;
    private static final int BIG_DECIMAL = 4;
    private static final int LONG = 5;
    private static final int INTEGER = 6;
    private static final int DOUBLE = 7;
    private static final int LIST = 8;

    private ValueFormat() {
    }

    static void writeEffect(StateWriter out, Effect effect) {
        if (effect instanceof OutgoingMessage message) {
            boolean held = !message.reachedAt().equals(message.decidedAt());
            out.writeByte(held ? HELD_MESSAGE : OUTGOING_MESSAGE);
            writeKey(out, message.key());
            out.writeString(message.channel());
            out.writeString(message.message());
            out.writeString(message.purpose());
            writeAttributes(out, message.data());
            writeInstant(out, message.decidedAt());
            if (held) {
                writeInstant(out, message.reachedAt());
            }
        } else if (effect instanceof ActionRequest action) {
            out.writeByte(ACTION_REQUEST);
            writeKey(out, action.key());
            out.writeString(action.action());
            writeAttributes(out, action.parameters());
            writeAttributes(out, action.data());
            writeInstant(out, action.decidedAt());
        } else {
            throw new AssertionError(effect);
        }
    }

    static Effect readEffect(StateReader in) {
        int at = in.position();
        int kind = in.readByte();
        return switch (kind) {
            case OUTGOING_MESSAGE -> new OutgoingMessage(readKey(in), in.readString(), in.readString(),
                    in.readString(), readAttributes(in), readInstant(in));
            case HELD_MESSAGE -> new OutgoingMessage(readKey(in), in.readString(), in.readString(),
                    in.readString(), readAttributes(in), readInstant(in), readInstant(in));
            case ACTION_REQUEST -> new ActionRequest(readKey(in), in.readString(), readAttributes(in),
                    readAttributes(in), readInstant(in));
            default -> throw in.problem("unknown effect kind " + kind + " at byte " + at);
        };
    }

    static void writeKey(StateWriter out, IdempotencyKey key) {
        out.writeString(key.contactId());
        out.writeString(key.journeyId());
        out.writeInt(key.version());
        out.writeInt(key.instance());
        out.writeString(key.stepId());
        out.writeInt(key.visit());
    }

    static IdempotencyKey readKey(StateReader in) {
        return new IdempotencyKey(in.readString(), in.readString(), in.readInt(), in.readInt(), in.readString(),
                in.readInt());
    }

    static void writeInstant(StateWriter out, Instant instant) {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    static Instant readInstant(StateReader in) {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    static void writeOptional(StateWriter out, Optional<String> value) {
        out.writeBoolean(value.isPresent());
        value.ifPresent(out::writeString);
    }

    static Optional<String> readOptional(StateReader in) {
        return in.readBoolean() ? Optional.of(in.readString()) : Optional.empty();
    }

    static int categoryCode(MessageCategory category) {
        return switch (category) { // fixed codes, not ordinals: reordering the enum must not change stored states
            case MARKETING -> 1;
            case TRANSACTIONAL -> 2;
        };
    }

    static MessageCategory readCategory(StateReader in) {
        int at = in.position();
        int code = in.readByte();
        return switch (code) {
            case 1 -> MessageCategory.MARKETING;
            case 2 -> MessageCategory.TRANSACTIONAL;
            default -> throw in.problem("unknown message category " + code + " at byte " + at);
        };
    }

    static void writeAttributes(StateWriter out, Attributes attributes) {
        Map<String, Object> values = attributes.asMap();
        out.writeInt(values.size());
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            out.writeString(entry.getKey());
            writeValue(out, entry.getKey(), entry.getValue(), 0);
        }
    }

    static Attributes readAttributes(StateReader in) {
        int count = in.readCount("attributes", 5);
        if (count == 0) {
            return Attributes.empty();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            values.put(name, readValue(in, 0));
        }
        return Attributes.of(values);
    }

    static void writeValue(StateWriter out, String name, Object value, int depth) {
        if (value instanceof String s) {
            out.writeByte(STRING);
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value instanceof Instant instant) {
            out.writeByte(INSTANT);
            writeInstant(out, instant);
        } else if (value instanceof BigDecimal decimal) {
            out.writeByte(BIG_DECIMAL);
            out.writeInt(decimal.scale());
            out.writeBytes(decimal.unscaledValue().toByteArray());
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Integer i) {
            out.writeByte(INTEGER);
            out.writeInt(i);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof List<?> list) {
            if (depth >= MAX_LIST_DEPTH) {
                throw new IllegalArgumentException("attribute '" + name + "' nests lists deeper than "
                        + MAX_LIST_DEPTH + ", which the PostgreSQL store cannot keep");
            }
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object element : list) {
                writeValue(out, name, element, depth + 1);
            }
        } else {
            throw new AssertionError(value); // Attributes accepts no other type
        }
    }

    static Object readValue(StateReader in, int depth) {
        int at = in.position();
        int tag = in.readByte();
        return switch (tag) {
            case STRING -> in.readString();
            case BOOLEAN -> in.readBoolean();
            case INSTANT -> readInstant(in);
            case BIG_DECIMAL -> {
                int scale = in.readInt();
                byte[] unscaled = in.readBytes();
                if (unscaled.length == 0) {
                    throw in.problem("empty decimal before byte " + in.position());
                }
                yield new BigDecimal(new BigInteger(unscaled), scale);
            }
            case LONG -> in.readLong();
            case INTEGER -> in.readInt();
            case DOUBLE -> Double.longBitsToDouble(in.readLong());
            case LIST -> {
                if (depth >= MAX_LIST_DEPTH) {
                    throw in.problem("lists nested deeper than " + MAX_LIST_DEPTH + " at byte " + at);
                }
                int size = in.readCount("list elements", 2);
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(readValue(in, depth + 1));
                }
                yield list;
            }
            default -> throw in.problem("unknown attribute value type " + tag + " at byte " + at);
        };
    }
}
