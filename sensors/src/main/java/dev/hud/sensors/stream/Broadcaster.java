package dev.hud.sensors.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.sensors.node.SensorsConfig;
import dev.hud.sensors.sampling.Sample;

/**
 * One sampler feeds every client: each sample is turned into its SSE frame once and offered to
 * every subscriber, which decides on its own (filters, down-sampling, its bounded queue) whether to
 * send it. The last samples are kept for clients that resume with Last-Event-ID.
 */
@ApplicationScoped
public class Broadcaster {

    /** A sample and its ready-to-send SSE frame. */
    public record Event(Sample sample, String json, String frame) {
    }

    /** A connected client. {@link #offer} is called from the sampling thread and must not block. */
    public interface Subscriber {
        void offer(Event event);
    }

    private final ObjectMapper json;
    private final int replayCapacity;
    private final ArrayDeque<Event> replay = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    Broadcaster(ObjectMapper json, SensorsConfig config) {
        this.json = json;
        this.replayCapacity = config.replayBuffer();
    }

    public void onSample(Sample sample) {
        Event event = encode(sample);
        synchronized (replay) {
            replay.addLast(event);
            while (replay.size() > replayCapacity) {
                replay.removeFirst();
            }
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(event);
        }
    }

    /**
     * Registers a subscriber. The kept events newer than {@code lastEventId} are handed to
     * {@code replay} before the subscriber can be offered anything newer, so it can send them first.
     */
    public void subscribe(Subscriber subscriber, Long lastEventId, String node, Consumer<List<Event>> replay) {
        List<Event> missed = new ArrayList<>();
        synchronized (this.replay) {
            if (lastEventId != null) {
                for (Event event : this.replay) {
                    if (event.sample().seq() > lastEventId && (node == null || node.equals(event.sample().node()))) {
                        missed.add(event);
                    }
                }
            }
            replay.accept(missed);
            subscribers.add(subscriber);
        }
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public int subscribers() {
        return subscribers.size();
    }

    public List<Subscriber> all() {
        return List.copyOf(subscribers);
    }

    Event encode(Sample sample) {
        try {
            String body = json.writeValueAsString(sample);
            return new Event(sample, body, frame(sample.seq(), body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String frame(long id, String data) {
        return "id: " + id + "\nevent: sample\ndata: " + data + "\n\n";
    }
}
