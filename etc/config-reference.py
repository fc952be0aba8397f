#!/usr/bin/env python3
"""Prints the configuration reference table from the @ConfigMapping interfaces (Javadoc, defaults, env names).

usage: python3 etc/config-reference.py > docs/configuration.md   (CI checks the file is current)
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent / "src/main/java/io/pulsegate/config"
SECTIONS = [("pulsegate.", "PulsegateConfig"), ("pulsegate.node.", "PulsegateConfig.NodeConfig"),
            ("pulsegate.client.", "ClientConfig"), ("pulsegate.token.", "TokenConfig"),
            ("pulsegate.channel.", "ChannelConfig"), ("pulsegate.http.", "HttpConfig"),
            ("pulsegate.websocket.", "WebSocketConfig"),
            ("pulsegate.stream.", "StreamConfig"), ("pulsegate.api.", "ApiConfig"),
            ("pulsegate.socketio.", "SocketIoConfig"),
            ("pulsegate.admin.", "AdminConfig"),
            ("pulsegate.dev.", "PulsegateConfig.DevConfig"), ("pulsegate.shutdown.", "ShutdownConfig"),
            ("pulsegate.client.proxy.", "ClientConfig.ProxyEvents"),
            ("pulsegate.channel.without-namespace.", "NamespaceConfig"),
            ("pulsegate.namespaces.<name>.", "NamespaceConfig"),
            ("pulsegate.namespaces.<name>.map.", "MapConfig"),
            ("pulsegate.proxies.<name>.", "ProxyConfig"), ("pulsegate.rpc.", "RpcConfig"),
            ("pulsegate.rpc.without-namespace.", "RpcConfig.RpcNamespaceConfig"),
            ("pulsegate.rpc.namespaces.<name>.", "RpcConfig.RpcNamespaceConfig"),
            ("pulsegate.consumers.<name>.", "ConsumerConfig")]
METHOD = re.compile(r"/\*\*(?P<doc>.*?)\*/\s*(?P<ann>(?:@\w+(?:\([^)]*\))?\s*)*)(?P<type>[\w<>.,\s]+?)\s+(?P<name>\w+)\(\);",
                    re.S)


def kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def body_of(cls):
    outer, _, inner = cls.partition(".")
    text = (ROOT / f"{outer}.java").read_text()
    if inner:
        start = text.index(f"interface {inner}")
        text = text[start:]
    else:
        text = text[text.index("interface " + outer):]
        nested = text.find("\n    interface ", 1)
        text = text if nested < 0 else text[:nested]
    return text


print("""# Configuration reference

Generated from the `@ConfigMapping` interfaces in `src/main/java/io/pulsegate/config` by
`python3 etc/config-reference.py > docs/configuration.md`; CI fails when this file is out of date.

Every key can be set in `application.properties`, as a `-D` system property, or as an environment variable
(name in the `env` column). Durations take Quarkus syntax (`25s`, `10m`, `720h`). Lists are comma-separated.
Namespaces are configured per name: `pulsegate.namespaces.chat.presence=true` applies to channels `chat:*`
(environment: `PULSEGATE_NAMESPACES_CHAT_PRESENCE=true`); a channel whose namespace is not configured gets
error 102. Channels without `:` use `pulsegate.channel.without-namespace.*`. Every permission defaults to off.

Quarkus settings that matter for Pulsegate: `quarkus.http.port` (8000), `quarkus.shutdown.delay` (follows
`pulsegate.shutdown.drain-window`), `quarkus.otel.sdk.disabled` (`true`: no traces, nothing exported; `false` turns
on the spans of `docs/tracing.md`, sent to `quarkus.otel.exporter.otlp.traces.endpoint`, default
`http://localhost:4317`).

## Keys
""")
print("| key | env | default | meaning |\n|---|---|---|---|")
for prefix, cls in SECTIONS:
    if not (ROOT / f"{cls.partition('.')[0]}.java").exists():
        continue
    for m in METHOD.finditer(body_of(cls)):
        rtype = m.group("type").strip()
        if rtype.endswith("Config") or rtype == "ProxyEvents" or rtype.startswith("Map<") and "String, String" not in rtype:
            continue
        raw = m.group("doc").rsplit("/**", 1)[-1]
        doc = " ".join(l.strip().lstrip("*").strip() for l in raw.splitlines()).strip()
        doc = re.sub(r"\{@(?:code|link) ([^}]*)\}", r"`\1`", doc).replace("|", "\\|")
        default = re.search(r'@WithDefault\("((?:[^"\\]|\\.)*)"\)', m.group("ann"))
        name = re.search(r'@WithName\("([^"]+)"\)', m.group("ann"))
        key = prefix + (name.group(1) if name else kebab(m.group("name")))
        if rtype.startswith("Map<"):
            key += ".<key>"
        env = re.sub(r"[^A-Za-z0-9]", "_", key).upper()
        value = f"`{default.group(1)}`" if default else "—"
        print(f"| `{key}` | `{env}` | {value} | {doc} |")
