package io.pulsegate.config;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Client RPC routing, under {@code pulsegate.rpc}: a method {@code orders:create} belongs to RPC namespace
 * {@code orders} and goes to that namespace's proxy; a method without the boundary uses
 * {@code pulsegate.rpc.without-namespace}. A method of an unknown namespace answers 104, a namespace without a proxy
 * 108 (as does every RPC while no proxy is configured).
 */
public interface RpcConfig {

    /** Separator between the RPC namespace and the method name. */
    @WithDefault(":")
    String namespaceBoundary();

    /** Methods without a namespace. */
    RpcNamespaceConfig withoutNamespace();

    /** RPC namespaces by name: {@code pulsegate.rpc.namespaces.orders.proxy=backend}. */
    @WithName("namespaces")
    Map<String, RpcNamespaceConfig> namespaces();

    /** Options of one RPC namespace. */
    interface RpcNamespaceConfig {

        /** Name of the proxy ({@code pulsegate.proxies.<name>}) answering this namespace's methods; none: 108. */
        Optional<String> proxy();
    }
}
