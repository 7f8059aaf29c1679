package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Everything {@code actionstream serve} needs besides the model. Defaults are safe for a laptop next to a camera:
 * bound to 127.0.0.1, uploads disabled, no unbounded queue anywhere. See {@code examples/configs/serve.yaml}.
 */
public record RuntimeConfig(
        Server server,
        List<Stream> streams,
        Pipeline pipeline,
        Scoring scoring,
        Events events,
        Models models,
        Capture capture,
        Episodes episodes,
        List<SinkConfig> sinks,
        Teach teach) {

    public RuntimeConfig {
        if (server == null || pipeline == null || scoring == null || events == null || models == null) {
            throw new IllegalArgumentException("server, pipeline, scoring, events and models sections are required");
        }
        capture = capture == null ? Capture.defaults() : capture;
        teach = teach == null ? Teach.defaults() : teach;
        episodes = episodes == null ? Episodes.defaults() : episodes;
        streams = streams == null ? List.of() : List.copyOf(streams);
        long distinct = streams.stream().map(Stream::name).distinct().count();
        if (distinct != streams.size()) {
            throw new IllegalArgumentException("streams: stream names must be unique");
        }
        sinks = sinks == null ? defaultSinks() : List.copyOf(sinks);
        if (sinks.stream().map(SinkConfig::name).distinct().count() != sinks.size()) {
            throw new IllegalArgumentException("sinks: names must be unique (give two sinks of one type each a name:), "
                    + "got " + sinks.stream().map(SinkConfig::name).toList());
        }
    }

    /** Without a {@code teach} section: manual promotion, its defaults. */
    public RuntimeConfig(Server server, List<Stream> streams, Pipeline pipeline, Scoring scoring, Events events,
                         Models models, Capture capture, Episodes episodes, List<SinkConfig> sinks) {
        this(server, streams, pipeline, scoring, events, models, capture, episodes, sinks, Teach.defaults());
    }

    /** Only the WebSocket: {@code /ws} delivers events, nothing else does. */
    public static List<SinkConfig> defaultSinks() {
        return List.of(new WebSocketSinkConfig());
    }

    /** With the default sinks. */
    public RuntimeConfig(Server server, List<Stream> streams, Pipeline pipeline, Scoring scoring, Events events,
                         Models models, Capture capture, Episodes episodes) {
        this(server, streams, pipeline, scoring, events, models, capture, episodes, defaultSinks());
    }

    /** Without an {@code episodes} section: episodes tracked, no history (no data folder). */
    public RuntimeConfig(Server server, List<Stream> streams, Pipeline pipeline, Scoring scoring, Events events,
                         Models models, Capture capture, List<SinkConfig> sinks) {
        this(server, streams, pipeline, scoring, events, models, capture, Episodes.defaults(), sinks);
    }

    /** Without {@code episodes} and {@code sinks} sections: their defaults. */
    public RuntimeConfig(Server server, List<Stream> streams, Pipeline pipeline, Scoring scoring, Events events,
                         Models models, Capture capture) {
        this(server, streams, pipeline, scoring, events, models, capture, Episodes.defaults(), defaultSinks());
    }

    /** Without a {@code capture} section: captures off, at their defaults. */
    public RuntimeConfig(Server server, List<Stream> streams, Pipeline pipeline, Scoring scoring, Events events,
                         Models models) {
        this(server, streams, pipeline, scoring, events, models, Capture.defaults(), Episodes.defaults(),
                defaultSinks());
    }

    public static RuntimeConfig defaults() {
        return new RuntimeConfig(Server.defaults(), List.of(), Pipeline.defaults(), Scoring.defaults(),
                Events.defaults(), Models.defaults(), Capture.defaults(), Episodes.defaults(), defaultSinks());
    }

    public RuntimeConfig withStreams(List<Stream> s) {
        return new RuntimeConfig(server, s, pipeline, scoring, events, models, capture, episodes, sinks, teach);
    }

    public RuntimeConfig withEvents(Events e) {
        return new RuntimeConfig(server, streams, pipeline, scoring, e, models, capture, episodes, sinks, teach);
    }

    public RuntimeConfig withModels(Models m) {
        return new RuntimeConfig(server, streams, pipeline, scoring, events, m, capture, episodes, sinks, teach);
    }

    public RuntimeConfig withCapture(Capture c) {
        return new RuntimeConfig(server, streams, pipeline, scoring, events, models, c, episodes, sinks, teach);
    }

    public RuntimeConfig withEpisodes(Episodes e) {
        return new RuntimeConfig(server, streams, pipeline, scoring, events, models, capture, e, sinks, teach);
    }

    public RuntimeConfig withTeach(Teach t) {
        return new RuntimeConfig(server, streams, pipeline, scoring, events, models, capture, episodes, sinks, t);
    }

    public RuntimeConfig withSinks(List<SinkConfig> s) {
        return new RuntimeConfig(server, streams, pipeline, scoring, events, models, capture, episodes, s, teach);
    }

    /** The single HTTP/WebSocket port: events, API, metrics and the live view. */
    public record Server(
            String bind,
            int port,
            String authToken,
            List<String> allowedOrigins,
            boolean uploadsEnabled,
            long maxUploadBytes,
            int subscriberBufferBytes,
            long stuckSubscriberMillis,
            int maxConnections,
            int maxConnectionsPerAddress,
            int maxPendingConnections,
            long requestHeaderTimeoutMillis,
            long requestBodyTimeoutMillis,
            int minRequestBodyBytesPerSecond) {

        /** {@link #maxConnectionsPerAddress}: one address gets a sixteenth of the default {@link #maxConnections}. */
        public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
        /** {@link #maxPendingConnections}: connections that have not yet completed (or authenticated) a request. */
        public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 512;
        public static final long DEFAULT_REQUEST_HEADER_TIMEOUT_MILLIS = 10_000;
        public static final long DEFAULT_REQUEST_BODY_TIMEOUT_MILLIS = 10_000;
        /** Apache's mod_reqtimeout uses 500; an upload over the slowest real link still sends far more. */
        public static final int DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND = 1024;

        /** The per-address and pending caps (no more than {@code maxConnections}) and deadlines at their defaults. */
        public Server(String bind, int port, String authToken, List<String> allowedOrigins, boolean uploadsEnabled,
                      long maxUploadBytes, int subscriberBufferBytes, long stuckSubscriberMillis, int maxConnections) {
            this(bind, port, authToken, allowedOrigins, uploadsEnabled, maxUploadBytes, subscriberBufferBytes,
                    stuckSubscriberMillis, maxConnections, Math.min(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, maxConnections),
                    Math.min(DEFAULT_MAX_PENDING_CONNECTIONS, maxConnections), DEFAULT_REQUEST_HEADER_TIMEOUT_MILLIS,
                    DEFAULT_REQUEST_BODY_TIMEOUT_MILLIS, DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND);
        }

        public Server {
            if (bind == null || bind.isBlank()) {
                throw new IllegalArgumentException("server.bind: required, e.g. 127.0.0.1");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("server.port: must be within 0..65535 (0 = any free port), got " + port);
            }
            authToken = authToken == null ? "" : authToken;
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
            if (maxUploadBytes <= 0) {
                throw new IllegalArgumentException("server.maxUploadBytes: must be > 0");
            }
            if (subscriberBufferBytes < 1024) {
                throw new IllegalArgumentException("server.subscriberBufferBytes: must be >= 1024");
            }
            if (stuckSubscriberMillis <= 0) {
                throw new IllegalArgumentException("server.stuckSubscriberMillis: must be > 0");
            }
            if (maxConnections <= 0) {
                throw new IllegalArgumentException("server.maxConnections: must be > 0");
            }
            if (maxConnectionsPerAddress <= 0 || maxConnectionsPerAddress > maxConnections) {
                throw new IllegalArgumentException("server.maxConnectionsPerAddress: must be within 1..maxConnections ("
                        + maxConnections + "), got " + maxConnectionsPerAddress);
            }
            if (maxPendingConnections <= 0 || maxPendingConnections > maxConnections) {
                throw new IllegalArgumentException("server.maxPendingConnections: must be within 1..maxConnections ("
                        + maxConnections + "), got " + maxPendingConnections);
            }
            if (requestHeaderTimeoutMillis <= 0) {
                throw new IllegalArgumentException("server.requestHeaderTimeoutMillis: must be > 0");
            }
            if (requestBodyTimeoutMillis <= 0) {
                throw new IllegalArgumentException("server.requestBodyTimeoutMillis: must be > 0");
            }
            if (minRequestBodyBytesPerSecond <= 0) {
                throw new IllegalArgumentException("server.minRequestBodyBytesPerSecond: must be > 0 (without a "
                        + "minimum rate a body trickled a byte at a time holds its connection forever)");
            }
        }

        public static Server defaults() {
            return new Server("127.0.0.1", 8080, "", List.of(), false, 256L << 20, 256 << 10, 10_000L, 4096,
                    DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_PENDING_CONNECTIONS,
                    DEFAULT_REQUEST_HEADER_TIMEOUT_MILLIS, DEFAULT_REQUEST_BODY_TIMEOUT_MILLIS,
                    DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND);
        }

        public Server withPort(int p) {
            return new Server(bind, p, authToken, allowedOrigins, uploadsEnabled, maxUploadBytes,
                    subscriberBufferBytes, stuckSubscriberMillis, maxConnections, maxConnectionsPerAddress,
                    maxPendingConnections, requestHeaderTimeoutMillis, requestBodyTimeoutMillis,
                    minRequestBodyBytesPerSecond);
        }

        public Server withBind(String b) {
            return new Server(b, port, authToken, allowedOrigins, uploadsEnabled, maxUploadBytes,
                    subscriberBufferBytes, stuckSubscriberMillis, maxConnections, maxConnectionsPerAddress,
                    maxPendingConnections, requestHeaderTimeoutMillis, requestBodyTimeoutMillis,
                    minRequestBodyBytesPerSecond);
        }

        public Server withUploadsEnabled(boolean enabled) {
            return new Server(bind, port, authToken, allowedOrigins, enabled, maxUploadBytes,
                    subscriberBufferBytes, stuckSubscriberMillis, maxConnections, maxConnectionsPerAddress,
                    maxPendingConnections, requestHeaderTimeoutMillis, requestBodyTimeoutMillis,
                    minRequestBodyBytesPerSecond);
        }

        public Server withAuthToken(String token) {
            return new Server(bind, port, token, allowedOrigins, uploadsEnabled, maxUploadBytes,
                    subscriberBufferBytes, stuckSubscriberMillis, maxConnections, maxConnectionsPerAddress,
                    maxPendingConnections, requestHeaderTimeoutMillis, requestBodyTimeoutMillis,
                    minRequestBodyBytesPerSecond);
        }

        /** The connection limits: all connections, per client address, and those not yet through a request. */
        public Server withConnectionLimits(int total, int perAddress, int pending) {
            return new Server(bind, port, authToken, allowedOrigins, uploadsEnabled, maxUploadBytes,
                    subscriberBufferBytes, stuckSubscriberMillis, total, perAddress, pending,
                    requestHeaderTimeoutMillis, requestBodyTimeoutMillis, minRequestBodyBytesPerSecond);
        }

        /** The request deadlines: head, body stall, and the body's minimum average rate. */
        public Server withRequestDeadlines(long headerMillis, long bodyMillis, int minBodyBytesPerSecond) {
            return new Server(bind, port, authToken, allowedOrigins, uploadsEnabled, maxUploadBytes,
                    subscriberBufferBytes, stuckSubscriberMillis, maxConnections, maxConnectionsPerAddress,
                    maxPendingConnections, headerMillis, bodyMillis, minBodyBytesPerSecond);
        }
    }

    /**
     * One live source. {@code source} is {@code /dev/videoN}, {@code rtsp://...}, {@code http(s)://...} (MJPEG),
     * a video file path, or {@code synthetic[:WIDTHxHEIGHT[@FPS]][?seed=N]}.
     */
    public record Stream(String name, String source, int stride, boolean loop, boolean paced) {
        public Stream {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("streams.name: 1-64 letters, digits, '_', '.', '-', got '" + name + "'");
            }
            if (source == null || source.isBlank()) {
                throw new IllegalArgumentException("streams.source: required for stream '" + name + "'");
            }
            if (stride <= 0) {
                throw new IllegalArgumentException("streams.stride: must be > 0 for stream '" + name + "'");
            }
        }

        /** A config entry needs only {@code name} and {@code source}: stride 1, no looping, paced, as on the command line. */
        @JsonCreator
        static Stream fromConfig(@JsonProperty("name") String name, @JsonProperty("source") String source,
                                 @JsonProperty("stride") Integer stride, @JsonProperty("loop") Boolean loop,
                                 @JsonProperty("paced") Boolean paced) {
            return new Stream(name, source, stride == null ? 1 : stride, loop != null && loop, paced == null || paced);
        }

        /** Parses the command line form {@code [name=]source}; unnamed sources are called stream0, stream1, ... */
        public static Stream parse(String arg, int index) {
            int eq = arg.indexOf('=');
            boolean named = eq > 0 && arg.substring(0, eq).matches("[A-Za-z0-9_.-]{1,64}");
            String name = named ? arg.substring(0, eq) : "stream" + index;
            String source = named ? arg.substring(eq + 1) : arg;
            return new Stream(name, source, 1, false, true);
        }
    }

    /**
     * Ring, grabbing, decoding and reconnection.
     *
     * @param decoderThreads FFmpeg's threads per video decoder; 0: FFmpeg's choice (one per core, frame threading,
     *                       which also holds back that many frames). The default, 1, decodes each stream on its own
     *                       grabber thread: with many streams the streams are the parallelism, and N decoders of
     *                       one thread per core would put N x cores threads on the cores
     * @param maxStreams     stream slots: the most streams served at once, those of the config and those added while
     *                       running (a cluster node's assignment) together; adding one more fails with a clear error
     */
    public record Pipeline(
            int ringSize,
            int connectTimeoutMillis,
            int readTimeoutMillis,
            long stallMillis,
            long reconnectInitialMillis,
            long reconnectMaxMillis,
            String rtspTransport,
            int decoderThreads,
            int maxStreams) {

        /** One decoding thread per stream. */
        public static final int DEFAULT_DECODER_THREADS = 1;
        /** Stream slots of one node: a few dozen LRCN streams fill two cores. */
        public static final int DEFAULT_MAX_STREAMS = 64;

        public Pipeline(int ringSize, int connectTimeoutMillis, int readTimeoutMillis, long stallMillis,
                        long reconnectInitialMillis, long reconnectMaxMillis, String rtspTransport, int decoderThreads) {
            this(ringSize, connectTimeoutMillis, readTimeoutMillis, stallMillis, reconnectInitialMillis,
                    reconnectMaxMillis, rtspTransport, decoderThreads, DEFAULT_MAX_STREAMS);
        }

        /** The settings before decoder threads were configurable: {@link #DEFAULT_DECODER_THREADS}. */
        public Pipeline(int ringSize, int connectTimeoutMillis, int readTimeoutMillis, long stallMillis,
                        long reconnectInitialMillis, long reconnectMaxMillis, String rtspTransport) {
            this(ringSize, connectTimeoutMillis, readTimeoutMillis, stallMillis, reconnectInitialMillis,
                    reconnectMaxMillis, rtspTransport, DEFAULT_DECODER_THREADS);
        }

        public Pipeline {
            if (maxStreams <= 0) {
                throw new IllegalArgumentException("pipeline.maxStreams: must be > 0, got " + maxStreams);
            }
            if (decoderThreads < 0) {
                throw new IllegalArgumentException("pipeline.decoderThreads: must be >= 0 (0 = FFmpeg's choice), got "
                        + decoderThreads);
            }
            if (ringSize <= 0 || Integer.bitCount(ringSize) != 1) {
                throw new IllegalArgumentException("pipeline.ringSize: must be a power of two, got " + ringSize);
            }
            if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0 || stallMillis <= 0) {
                throw new IllegalArgumentException("pipeline timeouts must be > 0");
            }
            if (reconnectInitialMillis <= 0 || reconnectMaxMillis < reconnectInitialMillis) {
                throw new IllegalArgumentException("pipeline.reconnectMaxMillis must be >= reconnectInitialMillis > 0");
            }
            if (!"tcp".equals(rtspTransport) && !"udp".equals(rtspTransport)) {
                throw new IllegalArgumentException("pipeline.rtspTransport: tcp or udp, got " + rtspTransport);
            }
        }

        public static Pipeline defaults() {
            return new Pipeline(256, 5_000, 5_000, 5_000L, 250L, 4_000L, "tcp", DEFAULT_DECODER_THREADS,
                    DEFAULT_MAX_STREAMS);
        }
    }

    /**
     * ONNX Runtime settings.
     *
     * @param executionProvider auto (CUDA when usable, else CPU), cuda, or cpu
     * @param intraOpThreads    ONNX Runtime's threads inside one run; 0: one when batches are split into parallel
     *                          runs, else ONNX Runtime's choice (one per core)
     * @param parallelRuns      on CPU, a batch of several windows (or frames) is split into up to this many parts run
     *                          at once, each on its own thread; 0: one part per core. The recurrent models' many small
     *                          steps keep ONNX Runtime's own threads mostly waiting; whole windows in parallel use the
     *                          cores. On CUDA a batch always runs whole
     * @param maxBatch          windows of several streams ready together are scored as one batch of at most this many
     */
    public record Scoring(ExecutionProvider executionProvider, int intraOpThreads, int interOpThreads,
                          int parallelRuns, int maxBatch, int gpuDevice) {
        public Scoring {
            if (executionProvider == null) {
                throw new IllegalArgumentException("scoring.executionProvider: auto, cuda or cpu, got null");
            }
            if (intraOpThreads < 0 || interOpThreads < 0) {
                throw new IllegalArgumentException("scoring thread counts must be >= 0 (0 = automatic)");
            }
            if (parallelRuns < 0) {
                throw new IllegalArgumentException("scoring.parallelRuns: must be >= 0 (0 = one per core)");
            }
            if (maxBatch <= 0) {
                throw new IllegalArgumentException("scoring.maxBatch: must be > 0");
            }
        }

        /** The config file's form: the provider as written there ({@code auto}, {@code cuda} or {@code cpu}). */
        @JsonCreator
        public Scoring(@JsonProperty("executionProvider") String executionProvider,
                       @JsonProperty("intraOpThreads") int intraOpThreads,
                       @JsonProperty("interOpThreads") int interOpThreads,
                       @JsonProperty("parallelRuns") int parallelRuns, @JsonProperty("maxBatch") int maxBatch,
                       @JsonProperty("gpuDevice") int gpuDevice) {
            this(ExecutionProvider.of(executionProvider), intraOpThreads, interOpThreads, parallelRuns, maxBatch,
                    gpuDevice);
        }

        public static Scoring defaults() {
            return new Scoring(ExecutionProvider.AUTO, 0, 1, 0, 16, 0);
        }

        public Scoring withExecutionProvider(String provider) {
            return new Scoring(provider == null ? null : ExecutionProvider.of(provider), intraOpThreads,
                    interOpThreads, parallelRuns, maxBatch, gpuDevice);
        }

        /** Parts a CPU batch is split into on a machine of {@code cores} cores: never more than a batch holds. */
        public int parallelRunsOn(int cores) {
            return Math.min(maxBatch, parallelRuns > 0 ? parallelRuns : Math.max(1, cores));
        }

        /** ONNX Runtime's intra-op threads on {@code cores} cores; 0 leaves the choice to ONNX Runtime. */
        public int intraOpThreadsOn(int cores) {
            return intraOpThreads > 0 ? intraOpThreads : parallelRunsOn(cores) > 1 ? 1 : 0;
        }
    }

    /**
     * Post-processing of probabilities into label events.
     *
     * @param topK                labels (with their probabilities) in every event
     * @param filter              {@code hmm}: online forward filter of a hidden Markov model over the actions, each
     *                            window's probabilities its evidence; {@code mean}: moving average over the last
     *                            {@code smoothingWindows} windows (the seeds' {@code predict_on_video})
     * @param smoothingWindows    windows averaged by the {@code mean} filter
     * @param switchProbability   {@code hmm}: prior probability that the action changes between two scored windows,
     *                            about {@code stride / (fps * typical seconds of one action)}
     * @param confidenceThreshold below it the label is reported as {@code uncertain}
     * @param periodicHz          periodic events per stream per second besides change events; 0 = changes only
     * @param unknownThreshold    a window whose {@code ood_score} is above it counts as unlike anything the model was
     *                            trained on (label {@code unknown}); {@code null}: the model's own
     *                            ({@code calibration.oodThreshold} in its spec). Ignored for a model without the score
     */
    public record Events(int topK, FilterKind filter, int smoothingWindows, double switchProbability,
                         double confidenceThreshold, double periodicHz, Double unknownThreshold) {
        public static final FilterKind HMM = FilterKind.HMM;
        public static final FilterKind MEAN = FilterKind.MEAN;

        public Events {
            if (topK <= 0) {
                throw new IllegalArgumentException("events.topK: must be > 0");
            }
            if (filter == null) {
                throw new IllegalArgumentException("events.filter: hmm or mean, got null");
            }
            if (smoothingWindows <= 0) {
                throw new IllegalArgumentException("events.smoothingWindows: must be > 0");
            }
            if (!(switchProbability > 0 && switchProbability < 1)) {
                throw new IllegalArgumentException("events.switchProbability: must be within (0, 1), got "
                        + switchProbability);
            }
            if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
                throw new IllegalArgumentException("events.confidenceThreshold: must be within [0, 1]");
            }
            if (!(periodicHz >= 0)) {
                throw new IllegalArgumentException("events.periodicHz: must be >= 0 (0 = only on change)");
            }
            if (unknownThreshold != null && !(unknownThreshold > 0 && !unknownThreshold.isInfinite())) {
                throw new IllegalArgumentException("events.unknownThreshold: must be a number > 0, or null for the "
                        + "model's own, got " + unknownThreshold);
            }
        }

        /** With the model's own unknown threshold. */
        public Events(int topK, FilterKind filter, int smoothingWindows, double switchProbability,
                      double confidenceThreshold, double periodicHz) {
            this(topK, filter, smoothingWindows, switchProbability, confidenceThreshold, periodicHz, null);
        }

        /** The config file's form: the filter as written there ({@code hmm} or {@code mean}). */
        @JsonCreator
        public Events(@JsonProperty("topK") int topK, @JsonProperty("filter") String filter,
                      @JsonProperty("smoothingWindows") int smoothingWindows,
                      @JsonProperty("switchProbability") double switchProbability,
                      @JsonProperty("confidenceThreshold") double confidenceThreshold,
                      @JsonProperty("periodicHz") double periodicHz,
                      @JsonProperty("unknownThreshold") Double unknownThreshold) {
            this(checkTopK(topK), FilterKind.of(filter), smoothingWindows, switchProbability, confidenceThreshold,
                    periodicHz, unknownThreshold);
        }

        /** Keeps the order of the checks (and so which message an invalid file gets) as in the canonical form. */
        private static int checkTopK(int topK) {
            if (topK <= 0) {
                throw new IllegalArgumentException("events.topK: must be > 0");
            }
            return topK;
        }

        public static Events defaults() {
            return new Events(3, HMM, 5, 0.01, 0.5, 2.0);
        }

        /** Each window's own probabilities, no threshold: what the model computed, e.g. to compare with it. */
        public static Events unfiltered(int topK, double periodicHz) {
            return new Events(topK, MEAN, 1, defaults().switchProbability(), 0.0, periodicHz);
        }

        public Events withFilter(FilterKind newFilter, int windows, double newSwitchProbability) {
            return new Events(topK, newFilter, windows, newSwitchProbability, confidenceThreshold, periodicHz,
                    unknownThreshold);
        }

        public Events withPeriodicHz(double hz) {
            return new Events(topK, filter, smoothingWindows, switchProbability, confidenceThreshold, hz,
                    unknownThreshold);
        }

        /** {@code threshold} overrides the model's unknown threshold; {@code null} goes back to the model's own. */
        public Events withUnknownThreshold(Double threshold) {
            return new Events(topK, filter, smoothingWindows, switchProbability, confidenceThreshold, periodicHz,
                    threshold);
        }
    }

    /**
     * Where hot-swappable models live, and what a model may ask of this machine.
     *
     * @param maxFrameSide    largest frame height or width a model may take, in pixels
     * @param maxWindowFrames largest window length (frames per window) a model may take
     * @param maxBufferBytes  most bytes the buffers a model needs may take together: ring slots, every stream's
     *                        window, the batch (and encoder batch) tensors and the warm-up window, for the configured
     *                        streams, ring and batch size
     * @param settleMillis    a file written in the models directory is read once its size and modification time held
     *                        still this long (a file renamed into place is read at once)
     */
    public record Models(String dir, boolean watch, int maxFrameSide, int maxWindowFrames, long maxBufferBytes,
                         long settleMillis) {
        public static final int DEFAULT_MAX_FRAME_SIDE = 512;
        public static final int DEFAULT_MAX_WINDOW_FRAMES = 64;
        public static final long DEFAULT_MAX_BUFFER_BYTES = 1L << 30;
        public static final long DEFAULT_SETTLE_MILLIS = 2_000;

        public Models {
            if (dir == null || dir.isBlank()) {
                throw new IllegalArgumentException("models.dir: required");
            }
            if (maxFrameSide <= 0) {
                throw new IllegalArgumentException("models.maxFrameSide: must be > 0, got " + maxFrameSide);
            }
            if (maxWindowFrames <= 0) {
                throw new IllegalArgumentException("models.maxWindowFrames: must be > 0, got " + maxWindowFrames);
            }
            if (maxBufferBytes <= 0) {
                throw new IllegalArgumentException("models.maxBufferBytes: must be > 0, got " + maxBufferBytes);
            }
            if (settleMillis < 0) {
                throw new IllegalArgumentException("models.settleMillis: must be >= 0, got " + settleMillis);
            }
        }

        /** With the default bounds and settle time. */
        public Models(String dir, boolean watch) {
            this(dir, watch, DEFAULT_MAX_FRAME_SIDE, DEFAULT_MAX_WINDOW_FRAMES, DEFAULT_MAX_BUFFER_BYTES,
                    DEFAULT_SETTLE_MILLIS);
        }

        public static Models defaults() {
            return new Models("models", true);
        }

        public Models withBounds(int frameSide, int windowFrames, long bufferBytes) {
            return new Models(dir, watch, frameSide, windowFrames, bufferBytes, settleMillis);
        }
    }

    /**
     * Live streams as training data: each stream keeps its recent frames, downscaled and JPEG-compressed, and
     * {@code POST /api/captures} writes a stretch of them as an MP4 clip into a dataset folder.
     *
     * @param enabled              captures are refused unless true (like uploads); the pre-roll buffers exist only then
     * @param dir                  datasets root: clips go to {@code dir/<dataset>/<label>/<stream>-<time>.mp4}
     * @param bufferBytesPerStream compressed frames kept per stream; the oldest are dropped to make room
     * @param seconds              frames older than this are dropped even when there is room
     * @param maxWidth             frames wider than this are downscaled (keeping their aspect) before compression
     * @param jpegQuality          0..1
     * @param maxPostRollSeconds   most a capture may wait for frames after its request
     * @param maxQueuedCaptures    captures waiting for or being written; more are answered 503
     * @param minFreeBytes         a capture is refused (507) when writing it would leave less free disk than this
     */
    public record Capture(boolean enabled, String dir, long bufferBytesPerStream, double seconds, int maxWidth,
                          float jpegQuality, double maxPostRollSeconds, int maxQueuedCaptures, long minFreeBytes) {

        public Capture {
            if (dir == null || dir.isBlank()) {
                throw new IllegalArgumentException("capture.dir: required, e.g. datasets");
            }
            if (bufferBytesPerStream < (64 << 10) || bufferBytesPerStream > (1L << 30)) {
                throw new IllegalArgumentException("capture.bufferBytesPerStream: must be within 64 KiB..1 GiB, got "
                        + bufferBytesPerStream);
            }
            if (!(seconds >= 1 && seconds <= 3600)) {
                throw new IllegalArgumentException("capture.seconds: must be within 1..3600, got " + seconds);
            }
            if (maxWidth < 32 || maxWidth > 4096) {
                throw new IllegalArgumentException("capture.maxWidth: must be within 32..4096, got " + maxWidth);
            }
            if (!(jpegQuality > 0 && jpegQuality <= 1)) {
                throw new IllegalArgumentException("capture.jpegQuality: must be in (0, 1], got " + jpegQuality);
            }
            if (!(maxPostRollSeconds >= 0 && maxPostRollSeconds <= 50)) {
                throw new IllegalArgumentException("capture.maxPostRollSeconds: must be within 0..50 (a request "
                        + "waits that long for its answer), got " + maxPostRollSeconds);
            }
            if (maxQueuedCaptures < 1) {
                throw new IllegalArgumentException("capture.maxQueuedCaptures: must be >= 1, got " + maxQueuedCaptures);
            }
            if (minFreeBytes < 0) {
                throw new IllegalArgumentException("capture.minFreeBytes: must be >= 0, got " + minFreeBytes);
            }
        }

        /** Off; 16 MiB and at most 30 s per stream, 320 px wide, JPEG 0.85, datasets/. */
        public static Capture defaults() {
            return new Capture(false, "datasets", 16L << 20, 30, 320, 0.85f, 10, 4, 64L << 20);
        }

        public Capture withEnabled(boolean on) {
            return new Capture(on, dir, bufferBytesPerStream, seconds, maxWidth, jpegQuality, maxPostRollSeconds,
                    maxQueuedCaptures, minFreeBytes);
        }

        public Capture withDir(String d) {
            return new Capture(enabled, d, bufferBytesPerStream, seconds, maxWidth, jpegQuality, maxPostRollSeconds,
                    maxQueuedCaptures, minFreeBytes);
        }

        public Capture withMinFreeBytes(long bytes) {
            return new Capture(enabled, dir, bufferBytesPerStream, seconds, maxWidth, jpegQuality, maxPostRollSeconds,
                    maxQueuedCaptures, bytes);
        }
    }

    /**
     * Action episodes: "someone was running on cam1 from 10:02:13 for 6 s", from the filtered labels of each stream,
     * with a history, clips and snapshots when there is a data folder.
     *
     * @param enabled         episodes are tracked and sent on {@code /ws?episodes=true}
     * @param minSeconds      an action must hold this long before its episode starts (the start is dated back to
     *                        when it began)
     * @param gapSeconds      an episode ends once its action has been gone this long (the end is dated back to when
     *                        it left); a shorter absence (a flicker, a moment of {@code uncertain}) does not end it
     * @param updateSeconds   an open episode is re-sent ({@code update}) this often; 0 = start and end only
     * @param dataDir         folder of the history database and the clips; empty = no history, no clips
     * @param retentionDays   ended episodes older than this are deleted from the history (with their clips)
     * @param maxEpisodes     at most this many episodes are kept; the oldest go first
     * @param clips           each ended episode gets an MP4 clip and a JPEG snapshot of its peak (needs dataDir);
     *                        keeps every stream's recent frames as captures do ({@code capture.*} sizes the buffer)
     * @param preRollSeconds  seconds of a clip before the episode starts
     * @param postRollSeconds seconds of a clip after it ends; the clip is written once they have passed
     * @param maxClipSeconds  a longer episode's clip keeps its last this-many seconds
     * @param clipBudgetBytes clips and snapshots together stay under this; the oldest are deleted first
     */
    public record Episodes(boolean enabled, double minSeconds, double gapSeconds, double updateSeconds,
                           String dataDir, double retentionDays, int maxEpisodes, boolean clips,
                           double preRollSeconds, double postRollSeconds, double maxClipSeconds,
                           long clipBudgetBytes) {

        public Episodes {
            if (!(minSeconds >= 0 && minSeconds <= 600)) {
                throw new IllegalArgumentException("episodes.minSeconds: must be within 0..600, got " + minSeconds);
            }
            if (!(gapSeconds >= 0 && gapSeconds <= 600)) {
                throw new IllegalArgumentException("episodes.gapSeconds: must be within 0..600, got " + gapSeconds);
            }
            if (!(updateSeconds >= 0 && updateSeconds <= 3600)) {
                throw new IllegalArgumentException("episodes.updateSeconds: must be within 0..3600 (0 = no updates),"
                        + " got " + updateSeconds);
            }
            dataDir = dataDir == null ? "" : dataDir.trim();
            if (!(retentionDays > 0)) {
                throw new IllegalArgumentException("episodes.retentionDays: must be > 0, got " + retentionDays);
            }
            if (maxEpisodes < 1) {
                throw new IllegalArgumentException("episodes.maxEpisodes: must be >= 1, got " + maxEpisodes);
            }
            if (!(preRollSeconds >= 0 && preRollSeconds <= 60) || !(postRollSeconds >= 0 && postRollSeconds <= 60)) {
                throw new IllegalArgumentException("episodes.preRollSeconds and postRollSeconds: must be within "
                        + "0..60, got " + preRollSeconds + " and " + postRollSeconds);
            }
            if (!(maxClipSeconds >= 1 && maxClipSeconds <= 3600)) {
                throw new IllegalArgumentException("episodes.maxClipSeconds: must be within 1..3600, got "
                        + maxClipSeconds);
            }
            if (clipBudgetBytes < (1 << 20)) {
                throw new IllegalArgumentException("episodes.clipBudgetBytes: must be >= 1 MiB, got "
                        + clipBudgetBytes);
            }
        }

        /** Tracked, 1 s to start, 1 s gap to end, an update every 2 s; no data folder (no history, no clips). */
        public static Episodes defaults() {
            return new Episodes(true, 1.0, 1.0, 2.0, "", 30, 100_000, true, 2.0, 2.0, 30, 1L << 30);
        }

        /** Whether there is a data folder, so a history (and clips, if asked). */
        public boolean hasHistory() {
            return enabled && !dataDir.isEmpty();
        }

        public Episodes withDataDir(String dir) {
            return new Episodes(enabled, minSeconds, gapSeconds, updateSeconds, dir, retentionDays, maxEpisodes,
                    clips, preRollSeconds, postRollSeconds, maxClipSeconds, clipBudgetBytes);
        }

        public Episodes withDebounce(double min, double gap) {
            return new Episodes(enabled, min, gap, updateSeconds, dataDir, retentionDays, maxEpisodes, clips,
                    preRollSeconds, postRollSeconds, maxClipSeconds, clipBudgetBytes);
        }

        public Episodes withRetention(double days, int max) {
            return new Episodes(enabled, minSeconds, gapSeconds, updateSeconds, dataDir, days, max, clips,
                    preRollSeconds, postRollSeconds, maxClipSeconds, clipBudgetBytes);
        }

        public Episodes withClips(boolean on, double pre, double post, long budgetBytes) {
            return new Episodes(enabled, minSeconds, gapSeconds, updateSeconds, dataDir, retentionDays, maxEpisodes,
                    on, pre, post, maxClipSeconds, budgetBytes);
        }
    }

    /**
     * Teaching in the live view: how a job's candidate becomes the serving model.
     *
     * @param promotion    {@code manual} (the default: only the Promote button or API promotes) or {@code auto}: a
     *                     candidate is promoted as soon as its job ends when, on the job's held-out captured clips, it
     *                     is at least as accurate as the serving model and no class is worse by more than
     *                     {@code maxClassDrop}
     * @param maxClassDrop the most a class's held-out accuracy may fall (0.05: five points) for {@code auto}
     * @param keepJobs     finished job folders kept; older ones are deleted, except one holding a candidate or the
     *                     serving model's files
     */
    public record Teach(PromotionMode promotion, double maxClassDrop, int keepJobs) {

        public Teach {
            promotion = promotion == null ? PromotionMode.MANUAL : promotion;
            if (!(maxClassDrop >= 0 && maxClassDrop <= 1)) {
                throw new IllegalArgumentException("teach.maxClassDrop: must be within [0, 1] (a share of windows), "
                        + "got " + maxClassDrop);
            }
            if (keepJobs < 1) {
                throw new IllegalArgumentException("teach.keepJobs: must be >= 1, got " + keepJobs);
            }
        }

        /** Manual promotion; a class may lose 5 points under {@code auto}; the last 20 job folders kept. */
        public static Teach defaults() {
            return new Teach(PromotionMode.MANUAL, 0.05, 20);
        }
    }
}
