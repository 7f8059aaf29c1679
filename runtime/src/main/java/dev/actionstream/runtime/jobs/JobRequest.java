package dev.actionstream.runtime.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.TrainingConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code POST /api/jobs} asks for: {@code dataset} (a folder of label folders; a name is looked up among the
 * capture datasets), {@code base} (a run folder; default: the serving model's run), {@code epochs} and/or
 * {@code timeBudgetSeconds}, {@code labels} (the dataset's label folders to train on; default: all) and
 * {@code learningRate} (default: the base's, raised to {@link BaseRun#TRANSFER_LEARNING_RATE} when the labels change)
 * and {@code trainLayers} ({@code all}, {@code top} or {@code head}; default: {@code top} when an LRCN base learns new
 * labels, see
 * {@link BaseRun#trainingConfig}).
 */
public record JobRequest(String dataset, String base, int epochs, double timeBudgetSeconds, List<String> labels,
                         Double learningRate, TrainingConfig.TrainLayers trainLayers) {

    /** A request that leaves the layers to the default. */
    public JobRequest(String dataset, String base, int epochs, double timeBudgetSeconds, List<String> labels,
                      Double learningRate) {
        this(dataset, base, epochs, timeBudgetSeconds, labels, learningRate, null);
    }

    static final int MAX_EPOCHS = 200;
    static final double MAX_BUDGET_SECONDS = 24 * 3600;

    public JobRequest {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** Parses and checks a request body; a bad one is a 400 that names the field. */
    public static JobRequest parse(byte[] body, int defaultEpochs) throws JobRefusedException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JobRefusedException(400, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JobRefusedException(400, "the body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new JobRefusedException(400, "the body must be a JSON object, e.g. {\"dataset\":\"captures\"}");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("dataset", "base", "epochs", "timeBudgetSeconds", "labels", "learningRate", "trainLayers")
                    .contains(f)) {
                throw new JobRefusedException(400, "unknown field '" + f
                        + "'; known: dataset, base, epochs, timeBudgetSeconds, labels, learningRate, trainLayers");
            }
        }
        String dataset = text(root, "dataset");
        if (dataset == null || dataset.isBlank()) {
            throw new JobRefusedException(400, "dataset: required (a capture dataset's name or a folder)");
        }
        int epochs = defaultEpochs;
        if (root.hasNonNull("epochs")) {
            JsonNode e = root.get("epochs");
            if (!e.canConvertToInt() || !e.isIntegralNumber() || e.asInt() < 1 || e.asInt() > MAX_EPOCHS) {
                throw new JobRefusedException(400, "epochs: must be a whole number within 1.." + MAX_EPOCHS);
            }
            epochs = e.asInt();
        }
        double budget = 0;
        if (root.hasNonNull("timeBudgetSeconds")) {
            JsonNode b = root.get("timeBudgetSeconds");
            if (!b.isNumber() || !(b.asDouble() > 0) || b.asDouble() > MAX_BUDGET_SECONDS) {
                throw new JobRefusedException(400, "timeBudgetSeconds: must be a number within (0, "
                        + (long) MAX_BUDGET_SECONDS + "]");
            }
            budget = b.asDouble();
        }
        List<String> labels = new ArrayList<>();
        if (root.hasNonNull("labels")) {
            JsonNode l = root.get("labels");
            if (!l.isArray()) {
                throw new JobRefusedException(400, "labels: must be an array of label folder names");
            }
            for (JsonNode n : l) {
                if (!n.isTextual() || n.asText().isBlank()) {
                    throw new JobRefusedException(400, "labels: every label must be a non-empty string");
                }
                labels.add(n.asText());
            }
        }
        Double rate = null;
        if (root.hasNonNull("learningRate")) {
            JsonNode r = root.get("learningRate");
            if (!r.isNumber() || !(r.asDouble() > 0) || r.asDouble() > 1) {
                throw new JobRefusedException(400, "learningRate: must be a number within (0, 1]");
            }
            rate = r.asDouble();
        }
        TrainingConfig.TrainLayers layers = null;
        String l = text(root, "trainLayers");
        if (l != null) {
            try {
                layers = TrainingConfig.TrainLayers.of(l);
            } catch (IllegalArgumentException e) {
                throw new JobRefusedException(400, e.getMessage());
            }
        }
        return new JobRequest(dataset, text(root, "base"), epochs, budget, labels, rate, layers);
    }

    private static String text(JsonNode root, String field) throws JobRefusedException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new JobRefusedException(400, field + ": must be a string");
        }
        return n.asText();
    }
}
