namespace Baton.Agents.Codex.Rpc;

/// <summary>The connection to the app-server ended while a request was waiting for its answer.</summary>
public sealed class JsonRpcConnectionLostException(string message, Exception? inner = null) : IOException(message, inner);
