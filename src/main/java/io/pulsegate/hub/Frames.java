package io.pulsegate.hub;

import java.util.HashMap;
import java.util.Map;

import io.pulsegate.delta.DeltaForms;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;

/**
 * Lazily encodes one push once per codec: per wire format and framing (bidirectional transports wrap pushes in a
 * reply, unidirectional ones send them bare through a shared decorating codec), so at most a handful of encodings per
 * delivery. Used by one delivery on one thread.
 */
final class Frames {

    private static final byte[] UNREPRESENTABLE = new byte[0];
    private final String channel;
    private final Map<ProtocolCodec, byte[]> frames = new HashMap<>(8);

    Frames(String channel) {
        this.channel = channel;
    }

    /** @return the encoded reply-wrapped push, or {@code null} when the format cannot carry it */
    byte[] frame(ProtocolCodec codec, PushBody body) {
        byte[] frame = frames.computeIfAbsent(codec, key -> encode(key, body));
        return frame == UNREPRESENTABLE ? null : frame;
    }

    private byte[] encode(ProtocolCodec codec, PushBody body) {
        if (body == null) {
            return UNREPRESENTABLE;
        }
        try {
            return codec.encodeReply(Reply.push(new Push(channel, body)));
        } catch (ProtocolException e) {
            return UNREPRESENTABLE;
        }
    }

    /** The deliveries of one publication to plain subscribers, one per codec. */
    static final class Plain {
        private final Publication pub;
        private final String epoch;
        private final long received;
        private final Frames frames;
        private final Map<ProtocolCodec, Delivery> deliveries = new HashMap<>(8);

        Plain(String channel, Publication pub, String epoch, long received) {
            this.pub = pub;
            this.epoch = epoch;
            this.received = received;
            this.frames = new Frames(channel);
        }

        /** @return the delivery for {@code codec}, or {@code null} when the format cannot carry it */
        Delivery delivery(ProtocolCodec codec) {
            return deliveries.computeIfAbsent(codec, key -> {
                byte[] frame = frames.frame(key, pub);
                return frame == null ? null : new Delivery(frames.channel, pub.offset(), epoch, received, frame, null);
            });
        }
    }

    /** The deliveries of one publication to delta subscribers: full and patch forms, one pair per codec. */
    static final class Delta {
        private final Publication pub;
        private final String epoch;
        private final long received;
        private final LocalChannel.Step step;
        private final Frames full;
        private final Frames patched;
        private final Map<ProtocolCodec, Delivery> deliveries = new HashMap<>(8);

        Delta(String channel, Publication pub, String epoch, long received, LocalChannel.Step step) {
            this.pub = pub;
            this.epoch = epoch;
            this.received = received;
            this.step = step;
            this.full = new Frames(channel);
            this.patched = new Frames(channel);
        }

        Delivery delivery(ProtocolCodec codec) {
            return deliveries.computeIfAbsent(codec, key -> {
                byte[] frame = full.frame(key, DeltaForms.full(pub, key.format()));
                if (frame == null) {
                    return null;
                }
                byte[] patch = step.patch() == null
                        ? null
                        : patched.frame(key, DeltaForms.patch(pub, step.patch(), key.format()));
                return new Delivery(full.channel, pub.offset(), epoch, received, frame,
                        new Delivery.Patch(step.self(), step.base(), patch));
            });
        }
    }
}
