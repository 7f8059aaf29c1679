package dev.actionstream.runtime.server;

/** Answers one kind of request. Runs on an event loop: must not block; slow work goes elsewhere and replies later. */
@FunctionalInterface
public interface Route {
    void handle(HttpExchange exchange) throws Exception;
}
