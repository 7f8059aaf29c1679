package dev.actionstream.runtime.sink.mqtt;

import dev.actionstream.config.MqttSinkConfig;
import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.EventType;
import dev.actionstream.runtime.sink.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 3.1.1 through Paho's asynchronous client, a clean session per connection. Each event goes to
 * {@code <prefix>/<stream>/events}; a label event whose label differs from the one last retained for its stream also
 * updates {@code <prefix>/<stream>/label} (retained). On every (re)connection: {@code online} on the status topic,
 * the discovery messages when asked for, and each stream's latest label, so a label that changed while the broker was
 * away is right again. A clean session means records in flight when the link breaks are not resent: they fail, and
 * are counted.
 */
public final class MqttTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);
    /**
     * Paho's default is 10. Not more than brokers take by default (Mosquitto's {@code max_inflight_messages} is 20):
     * Mosquitto 2.0 answers QoS 2 messages beyond it as received and never delivers them (seen in this sink's tests).
     */
    static final int MAX_IN_FLIGHT = 20;
    private static final int KEEP_ALIVE_SECONDS = 30;

    private final MqttSinkConfig config;
    private final MqttTopics topics;
    private final List<String> streams;
    private final HomeAssistantDiscovery discovery;
    private final SSLSocketFactory tls;
    /** The latest label of each stream, and the one last published retained (published again when they differ). */
    private final Map<String, String> latest = new ConcurrentHashMap<>();
    private final Map<String, String> retained = new ConcurrentHashMap<>();
    private final Set<Delivery> inFlight = ConcurrentHashMap.newKeySet();
    private volatile MqttAsyncClient client;

    /** @param streams the streams to announce to Home Assistant */
    public MqttTransport(MqttSinkConfig config, List<String> streams) {
        this.config = Objects.requireNonNull(config, "config");
        this.streams = List.copyOf(streams);
        this.topics = new MqttTopics(config.topicPrefix());
        this.discovery = config.homeAssistant()
                ? new HomeAssistantDiscovery(config.discoveryPrefix(), config.clientId(), topics) : null;
        this.tls = config.caFile().isEmpty() ? null : MqttTls.trusting(Path.of(config.caFile()), "sinks." + config.name() + ".caFile");
    }

    @Override
    public boolean needsConnect() {
        MqttAsyncClient c = client;
        return c == null || !c.isConnected();
    }

    @Override
    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public void connect() throws MqttException {
        discard();
        MqttAsyncClient c = new MqttAsyncClient(config.url(), config.clientId(), new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("sink {}: connection to {} lost: {}", config.name(), config.url(), String.valueOf(cause));
                failInFlight(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        try {
            c.connect(options()).waitForCompletion(config.connectTimeoutMillis());
        } catch (MqttException e) {
            closeQuietly(c);
            throw e;
        }
        client = c;
        publishQuietly(c, topics.status(), MqttTopics.ONLINE.getBytes(StandardCharsets.UTF_8));
        if (discovery != null) {
            for (String stream : streams) {
                publishQuietly(c, discovery.topic(stream), discovery.payload(stream));
            }
        }
        retained.clear();
        latest.forEach(this::retainLabel);
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        // The sink's own thread reconnects, with its backoff; Paho's would race it.
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) Math.max(1, config.connectTimeoutMillis() / 1000));
        o.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        o.setMaxInflight(MAX_IN_FLIGHT);
        o.setWill(topics.status(), MqttTopics.OFFLINE.getBytes(StandardCharsets.UTF_8), Math.max(1, config.qos()),
                true);
        if (!config.username().isEmpty()) {
            o.setUserName(config.username());
            o.setPassword(config.password().toCharArray());
        }
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        return o;
    }

    @Override
    public boolean send(EventRecord record, Outcome outcome) throws MqttException {
        MqttAsyncClient c = client;
        if (c == null) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        Delivery d = new Delivery(outcome);
        inFlight.add(d);
        try {
            c.publish(topics.events(record.stream()), record.json(), config.qos(), false, null, d);
        } catch (MqttException e) {
            inFlight.remove(d);
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw e;
        }
        if (record.type() == EventType.LABEL && record.label() != null) {
            latest.put(record.stream(), record.label());
            if (!record.label().equals(retained.get(record.stream()))) {
                retainLabel(record.stream(), record.label());
            }
        }
        return true;
    }

    /** Publishes the stream's label retained; on failure forgets it, so the next label event tries again. */
    private void retainLabel(String stream, String label) {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        retained.put(stream, label);
        try {
            c.publish(topics.label(stream), label.getBytes(StandardCharsets.UTF_8), config.qos(), true, null,
                    new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable cause) {
                            retained.remove(stream, label);
                        }
                    });
        } catch (MqttException e) {
            retained.remove(stream, label);
        }
    }

    private void publishQuietly(MqttAsyncClient c, String topic, byte[] payload) {
        try {
            c.publish(topic, payload, Math.max(1, config.qos()), true);
        } catch (MqttException e) {
            LOG.warn("sink {}: cannot publish {}: {}", config.name(), topic, e.toString());
        }
    }

    private void failInFlight(Throwable cause) {
        for (Delivery d : inFlight) {
            d.onFailure(null, cause);
        }
    }

    /** A client left from an earlier connection (lost, or never completed) is closed before the next attempt. */
    private void discard() {
        MqttAsyncClient old = client;
        client = null;
        if (old != null) {
            closeQuietly(old);
            failInFlight(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000);
            }
        } catch (MqttException e) {
            // The link is gone anyway.
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // Nothing left to release that matters.
        }
    }

    /** Says {@code offline} (a clean disconnect does not send the will), waits for what is in flight, disconnects. */
    @Override
    public void close(long timeoutMillis) {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.publish(topics.status(), MqttTopics.OFFLINE.getBytes(StandardCharsets.UTF_8),
                        Math.max(1, config.qos()), true).waitForCompletion(timeoutMillis);
                c.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
            }
        } catch (MqttException e) {
            LOG.warn("sink {}: unclean disconnect from {}: {}", config.name(), config.url(), e.toString());
        } finally {
            closeQuietly(c);
            failInFlight(new MqttException(MqttException.REASON_CODE_CLIENT_CLOSED));
        }
    }

    @Override
    public String describe() {
        return config.url() + " as " + config.clientId();
    }

    /** One event in flight; settled exactly once, by Paho or by the loss of the connection. */
    private final class Delivery implements IMqttActionListener {

        private final Outcome outcome;
        private final AtomicBoolean settled = new AtomicBoolean();

        Delivery(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            if (settled.compareAndSet(false, true)) {
                inFlight.remove(this);
                outcome.sent();
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            if (settled.compareAndSet(false, true)) {
                inFlight.remove(this);
                outcome.failed(cause);
            }
        }
    }
}
