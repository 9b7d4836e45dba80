/**
 * The gRPC API ({@code tributary.v1}, see {@code src/main/proto} and {@code docs/grpc.md}): publishing, stream appends,
 * reads and live tails over the same buses, with the same checks, credentials, scopes and limits as the HTTP API.
 * {@link dev.tributary.server.grpc.GrpcServer} is the only public type; each call passes call limit → authentication
 * → the service, whose methods authorize (scope per bus) → decode and check → act → answer.
 */
package dev.tributary.server.grpc;
