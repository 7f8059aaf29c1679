package dev.actionstream.runtime.server;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.models.ModelInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/models/{name}/activate} against the real {@link ModelRegistry}: the shipped ConvLSTM copied twice
 * into a models folder, as a user keeps an earlier version beside a newer one. Both copies share the spec's name and
 * version, so only their keys (file names) tell them apart.
 */
class ModelActivationApiTest {

    private static final Path SHIPPED = Path.of("../examples/models/convlstm-synthetic.onnx");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ModelRegistry registry;
    private EventServer server;
    private String version;

    @BeforeEach
    void serveTwoCopiesOfTheShippedModel() throws Exception {
        registry = TestRuntime.registry(dir, new RuntimeMetrics());
        version = registry.loadAndActivate(Files.copy(SHIPPED, dir.resolve("walk-v1.onnx"))).spec().version();
        registry.loadAndActivate(Files.copy(SHIPPED, dir.resolve("walk-v2.onnx")));
        server = new EventServer(ServerTesting.config(), ServerTesting::status, registry, ServerTesting.registry());
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        registry.closeAll();
    }

    @Test
    void listsEachModelWithTheKeyThatActivatesIt() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri("/api/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        List<ModelInfo> listed = Json.MAPPER.readValue(res.body(), new TypeReference<>() { });
        assertEquals(List.of("walk-v1.onnx", "walk-v2.onnx"), listed.stream().map(ModelInfo::key).toList());
        assertEquals(List.of("convlstm-synthetic", "convlstm-synthetic"), listed.stream().map(ModelInfo::name).toList());
    }

    @Test
    void activatesAnEarlierModelByItsKey() throws Exception {
        HttpResponse<String> res = activate("walk-v1.onnx");
        assertEquals(200, res.statusCode(), res.body());
        ModelInfo info = Json.MAPPER.readValue(res.body(), ModelInfo.class);
        assertEquals("walk-v1.onnx", info.key());
        assertTrue(info.active());
        assertEquals("walk-v1.onnx", registry.active().key());
    }

    @Test
    void answers422ListingTheKeysWhenTheSpecNameOrNameAtVersionIsAmbiguous() throws Exception {
        for (String name : List.of("convlstm-synthetic", "convlstm-synthetic@" + version)) {
            HttpResponse<String> res = activate(name);
            assertEquals(422, res.statusCode(), name + ": " + res.body());
            String error = Json.MAPPER.readTree(res.body()).get("error").asText();
            assertTrue(error.contains("ambiguous") && error.contains("[walk-v1.onnx, walk-v2.onnx]"), error);
        }
        assertEquals("walk-v2.onnx", registry.active().key(), "a rejected activation leaves the serving model");
    }

    @Test
    void answers404NamingTheLoadedKeysForAnUnknownModel() throws Exception {
        HttpResponse<String> res = activate("walk-v3.onnx");
        assertEquals(404, res.statusCode(), res.body());
        String error = Json.MAPPER.readTree(res.body()).get("error").asText();
        assertTrue(error.contains("walk-v3.onnx") && error.contains("walk-v1.onnx"), error);
    }

    private HttpResponse<String> activate(String name) throws Exception {
        String path = "/api/models/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/activate";
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
