package dev.tributary.it;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import dev.tributary.server.grpc.v1.TributaryProto;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthProto;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.util.List;
import java.util.Locale;

/**
 * The part of grpcurl's command line that the README's gRPC examples use, for machines where grpcurl itself cannot be
 * installed: {@code [-plaintext | -cacert FILE] [-H 'name: value']… [-d JSON] host:port service/method}, unary
 * methods of Tributary's and the health service. It sends the same request (JSON in the Protobuf JSON mapping, as
 * grpcurl reads it) and prints the answer as grpcurl does (the Protobuf JSON mapping), or {@code ERROR:} with the
 * status code and message and exit status 1. So the README test checks the request, method and answer of each
 * example, though not grpcurl itself.
 */
public final class Grpcurl {
    private static final List<FileDescriptor> FILES =
            List.of(TributaryProto.getDescriptor(), HealthProto.getDescriptor());

    private Grpcurl() {}

    public static void main(String[] args) throws Exception {
        boolean plaintext = false;
        String caFile = null;
        String data = "{}";
        Metadata headers = new Metadata();
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            switch (args[i]) {
                case "-plaintext" -> plaintext = true;
                case "-cacert" -> caFile = args[++i];
                case "-d" -> data = args[++i];
                case "-H" -> {
                    String[] header = args[++i].split(":", 2);
                    headers.put(Metadata.Key.of(header[0].strip().toLowerCase(Locale.ROOT),
                            Metadata.ASCII_STRING_MARSHALLER), header[1].strip());
                }
                default -> throw new IllegalArgumentException("not an option of this stand-in: " + args[i]);
            }
        }
        if (args.length - i != 2) {
            throw new IllegalArgumentException("expected host:port and service/method after the options");
        }
        String[] target = args[i].split(":");
        MethodDescriptor method = method(args[i + 1]);
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target[0], Integer.parseInt(target[1]));
        if (plaintext) {
            builder.usePlaintext();
        } else if (caFile != null) {
            builder.sslContext(GrpcSslContexts.forClient().trustManager(new File(caFile)).build());
        }
        ManagedChannel channel = builder.build();
        try {
            DynamicMessage.Builder request = DynamicMessage.newBuilder(method.getInputType());
            JsonFormat.parser().merge(data, request);
            Channel withHeaders = ClientInterceptors.intercept(channel,
                    MetadataUtils.newAttachHeadersInterceptor(headers));
            DynamicMessage answer = ClientCalls.blockingUnaryCall(withHeaders, grpcMethod(method), CallOptions.DEFAULT,
                    request.build());
            System.out.println(JsonFormat.printer().print(answer));
        } catch (StatusRuntimeException e) {
            System.out.println("ERROR:\n  Code: " + camel(e.getStatus().getCode().name()) + "\n  Message: "
                    + e.getStatus().getDescription());
            System.exit(1);
        } finally {
            channel.shutdownNow();
        }
    }

    private static MethodDescriptor method(String fullName) {
        String[] parts = fullName.split("/");
        for (FileDescriptor file : FILES) {
            for (ServiceDescriptor service : file.getServices()) {
                if (service.getFullName().equals(parts[0])) {
                    MethodDescriptor method = service.findMethodByName(parts[1]);
                    if (method != null && !method.isClientStreaming() && !method.isServerStreaming()) {
                        return method;
                    }
                }
            }
        }
        throw new IllegalArgumentException("no unary method " + fullName + " in " + FILES.size() + " files");
    }

    private static io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod(MethodDescriptor method) {
        return io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
                        method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
                .build();
    }

    /** grpcurl names codes as Go does: {@code Unauthenticated}, {@code InvalidArgument}. */
    private static String camel(String code) {
        StringBuilder out = new StringBuilder();
        for (String word : code.split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
